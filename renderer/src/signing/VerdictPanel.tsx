/** The verdict of every signature of a PDF, in the UI language (Vietnamese first). */
import { useTranslation } from 'react-i18next';
import type { SignatureReport, VerificationReport } from '../../../shared/signing';
import { formatDateTime } from '../format';
import { currentLocale } from '../i18n';

export function VerdictPanel({ report }: { report: VerificationReport }) {
  const { t } = useTranslation();
  return (
    <section className="verdict-panel" data-testid="verdict-panel" aria-label={t('signing.panel.title')}>
      <h2 className="verdict-title">{t('signing.panel.title')}</h2>
      {report.signatures.length === 0 && <p className="empty small">{t('signing.panel.noSignatures')}</p>}
      <ol className="verdict-list">
        {report.signatures.map((s) => (
          <SignatureVerdict key={s.field} s={s} />
        ))}
      </ol>
    </section>
  );
}

function SignatureVerdict({ s }: { s: SignatureReport }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const leaf = s.certificates[0];
  const coverage = s.coversWholeFile
    ? t('signing.field.wholeFile')
    : s.revision !== null
      ? t('signing.field2.revisionFollowed', { revision: s.revision, count: s.updatesAfter.length })
      : '—';
  return (
    <li className={`verdict verdict-${s.verdict}`} data-testid="signature-verdict" data-verdict={s.verdict} data-field={s.field}>
      <div className="verdict-head">
        <span className={`badge verdict-badge verdict-${s.verdict}`} data-testid="verdict-short">
          {t(`signing.panel.short.${s.verdict}`)}
        </span>
        <strong>{s.signer ?? '—'}</strong>
      </div>
      <p className="verdict-sentence">{t(`signing.verdict.${s.verdict}`)}</p>
      <dl className="verdict-facts">
        <dt>{t('signing.field.signedAt')}</dt>
        <dd>{s.signedAt ? formatDateTime(s.signedAt, locale) : '—'}</dd>
        <dt>{t('signing.field.level')}</dt>
        <dd>{s.level ?? '—'}</dd>
        <dt>{t('signing.field.coverage')}</dt>
        <dd data-testid="verdict-coverage">{coverage}</dd>
        <dt>{t('signing.field2.chain')}</dt>
        <dd>{t(`signing.chain.${s.chain}`)}</dd>
        <dt>{t('signing.field2.revocation')}</dt>
        <dd>
          {t(`signing.revocation.${s.revocation.status}`)}
          {s.revocation.source !== 'none' && ` (${t(s.revocation.source === 'online' ? 'signing.field2.sourceOnline' : 'signing.field2.sourceEmbedded')})`}
        </dd>
        <dt>{t('signing.field2.timestamp')}</dt>
        <dd>{t(`signing.timestamp.${s.timestamp.status}`)}</dd>
        {leaf && (
          <>
            <dt>{t('signing.field2.issuer')}</dt>
            <dd>{leaf.issuer}</dd>
            <dt>{t('signing.field2.validity')}</dt>
            <dd>
              {formatDateTime(leaf.notBefore, locale)} – {formatDateTime(leaf.notAfter, locale)}
            </dd>
          </>
        )}
        {s.certification !== null && (
          <>
            <dt>DocMDP</dt>
            <dd>{t('signing.field.certified', { permission: s.certification })}</dd>
          </>
        )}
      </dl>
      {s.anomalies.length > 0 && (
        <div className="verdict-anomalies" data-testid="verdict-anomalies">
          <strong>{t('signing.field2.anomalies')}</strong>
          <ul>
            {s.anomalies.map((a) => (
              <li key={a}>{t(`signing.anomaly.${a}`)}</li>
            ))}
          </ul>
        </div>
      )}
      {s.laterChanges.length > 0 && (
        <div className="verdict-later-changes" data-testid="verdict-later-changes">
          <strong>{t('signing.laterChange.title')}</strong>
          <ul>
            {s.laterChanges.map((c, i) => (
              <li key={`${c.revision}-${c.kind}-${i}`} className={c.allowed ? 'later-allowed' : 'later-disallowed'} data-kind={c.kind} data-allowed={c.allowed}>
                {t('signing.laterChange.revision', { revision: c.revision })}: {t(`signing.laterChange.kind.${c.kind}`)}
                {c.fields.length > 0 && ` (${t('signing.laterChange.fields', { list: c.fields.join(', ') })})`}
                {c.pages.length > 0 && ` (${t('signing.laterChange.pages', { list: c.pages.join(', ') })})`}
                {' — '}
                <span className={`badge ${c.allowed ? 'verdict-valid' : 'verdict-invalid'}`}>{t(c.allowed ? 'signing.laterChange.allowed' : 'signing.laterChange.disallowed')}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      {s.updatesAfter.length > 0 && s.laterChanges.length === 0 && (
        <div className="verdict-updates">
          <strong>{t('signing.field2.updates')}</strong>
          <ul>
            {s.updatesAfter.map((u) => (
              <li key={u.revision}>
                {t('signing.field.revision', { revision: u.revision })}: {u.changes.map((c) => t(`signing.change.${c}`, { defaultValue: c })).join(', ')}
              </li>
            ))}
          </ul>
        </div>
      )}
      {s.reasons.length > 0 && (
        <ul className="verdict-reasons">
          {s.reasons.map((r) => (
            <li key={r}>{t(r.startsWith('signing.') ? r : `signing.reason.${r}`, { defaultValue: r })}</li>
          ))}
        </ul>
      )}
    </li>
  );
}
