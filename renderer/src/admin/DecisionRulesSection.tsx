/**
 * The administrator's decision rules (what `ecabinet rules set` stores, in the app): the legal
 * basis of each rule group in both languages, and whether the chair may open a vote without
 * quorum. A citation still holding the placeholder is named in a warning: results leave it out.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RuleGroup } from '../../../shared/decision-rules-admin';
import type { DecisionRules } from '../../../shared/rules/voting';
import { invoke } from '../bridge';
import { ErrorBox } from '../components/Feedback';
import { errorMessage, keyMessage, messageText, type UiMessage } from '../components/ui-message';
import { useBridgeData } from '../hooks';

const never = () => false;
const GROUPS: RuleGroup[] = ['quorum', 'majority', 'tie', 'ballot', 'delegation', 'writtenOpinions'];

export function DecisionRulesSection() {
  const { t } = useTranslation();
  const loaded = useBridgeData(() => invoke('admin.decisionRules', {}), [], never);
  const [draft, setDraft] = useState<DecisionRules | null>(null);
  const [message, setMessage] = useState<UiMessage | null>(null);
  const rules = draft ?? loaded.data?.rules ?? null;
  if (!rules) return loaded.error ? <ErrorBox error={loaded.error} onRetry={loaded.reload} /> : null;
  const unconfigured = loaded.data?.unconfigured ?? [];
  const setBasis = (g: RuleGroup, lang: 'vi' | 'en', text: string) =>
    setDraft({ ...rules, [g]: { ...rules[g], legalBasis: { ...rules[g].legalBasis, [lang]: text } } } as DecisionRules);
  const save = () =>
    invoke('admin.setDecisionRules', { rules }).then(
      () => {
        setMessage(keyMessage('decisionRules.saved'));
        setDraft(null);
        loaded.reload();
      },
      (e: unknown) => setMessage(errorMessage(e)),
    );
  return (
    <section className="admin-rules" data-testid="admin-rules" aria-labelledby="admin-rules-title">
      <h2 id="admin-rules-title">{t('decisionRules.title')}</h2>
      <p className="muted">{t('decisionRules.intro')}</p>
      {unconfigured.length > 0 ? (
        <p className="rules-warning" role="alert" data-testid="rules-unconfigured">
          {t('decisionRules.unconfigured', { groups: unconfigured.map((g) => t(`decisionRules.group.${g}`)).join(', ') })}
        </p>
      ) : (
        <p className="muted" data-testid="rules-configured">
          {t('decisionRules.allConfigured')}
        </p>
      )}
      <label className="field">
        <span>{t('decisionRules.name')}</span>
        <input value={rules.name} onChange={(e) => setDraft({ ...rules, name: e.target.value })} data-testid="rules-name" />
      </label>
      <label className="field">
        <span>{t('decisionRules.openWithoutQuorum')}</span>
        <select
          value={rules.quorum.openWithoutQuorum}
          data-testid="rules-open-without-quorum"
          onChange={(e) => setDraft({ ...rules, quorum: { ...rules.quorum, openWithoutQuorum: e.target.value as DecisionRules['quorum']['openWithoutQuorum'] } })}
        >
          {(['chair_with_reason', 'refuse'] as const).map((o) => (
            <option key={o} value={o}>
              {t(`decisionRules.openWithoutQuorumOption.${o}`)}
            </option>
          ))}
        </select>
      </label>
      {GROUPS.map((g) => (
        <fieldset key={g} className={`rules-group${unconfigured.includes(g) ? ' unconfigured' : ''}`} data-testid={`rules-group-${g}`}>
          <legend>{t(`decisionRules.group.${g}`)}</legend>
          {(['vi', 'en'] as const).map((lang) => (
            <label key={lang} className="field">
              <span>{t(lang === 'vi' ? 'decisionRules.basisVi' : 'decisionRules.basisEn')}</span>
              <textarea rows={2} value={rules[g].legalBasis[lang]} onChange={(e) => setBasis(g, lang, e.target.value)} data-testid={`rules-basis-${g}-${lang}`} />
            </label>
          ))}
        </fieldset>
      ))}
      <button type="button" className="btn btn-primary" onClick={save} data-testid="rules-save">
        {t('decisionRules.save')}
      </button>
      {message && (
        <p className="form-notice" role="status" data-testid="rules-message">
          {messageText(t, message)}
        </p>
      )}
    </section>
  );
}
