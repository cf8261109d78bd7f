/**
 * Signing settings: this computer's timestamp authority and revocation data
 * (→ the PAdES level of the signatures made here), and for the secretariat the organisation's
 * red seal and certificate-name rule (synced to every device of the organisation).
 */
import { touchesKinds } from '../../../shared/rules/cache-changes';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isSecretariat } from '../../../shared/rules/meetings';
import type { Role } from '../../../shared/entities';
import { invoke } from '../bridge';
import { ErrorBox, Loading } from '../components/Feedback';
import { errorMessage, keyMessage, messageText, type UiMessage } from '../components/ui-message';
import { useBridgeData } from '../hooks';
import { fileToBase64 } from './files';
import { FileField } from '../forms/FileField';

export function SigningSettingsSection({ role }: { role: Role }) {
  const { t } = useTranslation();
  const settings = useBridgeData(() => invoke('signing.settings', {}), [], (c) => touchesKinds(c, ['orgSigningSettings']));
  const [tsaUrl, setTsaUrl] = useState('');
  const [embedRevocation, setEmbedRevocation] = useState(false);
  const [message, setMessage] = useState<UiMessage | null>(null);
  useEffect(() => {
    if (!settings.data) return;
    setTsaUrl(settings.data.tsaUrl ?? '');
    setEmbedRevocation(settings.data.embedRevocation);
  }, [settings.data]);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setMessage(null);
    try {
      await invoke('signing.saveSettings', { tsaUrl: tsaUrl.trim() || null, embedRevocation });
      setMessage(keyMessage('signing.settings.saved'));
      settings.reload();
    } catch (err) {
      setMessage(errorMessage(err));
    }
  };
  const org = async (input: { sealPngBase64?: string | null; nameCheck?: 'strict' | 'warn' }) => {
    setMessage(null);
    try {
      const r = await invoke('signing.saveOrgSettings', input);
      setMessage(r.status === 'rejected' ? errorMessage(r.error ?? { code: 'internal' }) : keyMessage('signing.settings.saved'));
      settings.reload();
    } catch (err) {
      setMessage(errorMessage(err));
    }
  };

  return (
    <section data-testid="signing-settings">
      <h2>{t('signing.settings.title')}</h2>
      {settings.loading && <Loading />}
      {settings.error && <ErrorBox error={settings.error} onRetry={settings.reload} />}
      {settings.data && (
        <>
          <form className="signing-form" onSubmit={save}>
            <label className="field">
              <span>{t('signing.settings.tsaUrl')}</span>
              <input type="url" value={tsaUrl} onChange={(e) => setTsaUrl(e.target.value)} placeholder="http://tsa.example.vn/" data-testid="tsa-url" />
            </label>
            <p className="muted small">{t('signing.settings.tsaHint')}</p>
            <label>
              <input type="checkbox" checked={embedRevocation} onChange={(e) => setEmbedRevocation(e.target.checked)} data-testid="embed-revocation" /> {t('signing.settings.embedRevocation')}
            </label>
            <p className="muted small" data-testid="signing-level">
              {t('signing.settings.level', { level: settings.data.level })}
            </p>
            <button type="submit" className="btn btn-primary" data-testid="signing-settings-save">
              {t('signing.settings.save')}
            </button>
          </form>
          {isSecretariat(role) && (
            <div className="signing-form" data-testid="org-signing-settings">
              <h3>{t('signing.settings.orgTitle')}</h3>
              <p className="muted small">{settings.data.organisation.hasSeal ? t('signing.settings.sealSet') : t('signing.settings.sealNone')}</p>
              <FileField
                label={t('signing.settings.sealUpload')}
                accept="image/png"
                testId="seal-file"
                keepName={false}
                onFile={(f) => {
                  if (f) void fileToBase64(f).then((b) => org({ sealPngBase64: b }));
                }}
              />
              {settings.data.organisation.hasSeal && (
                <button type="button" className="btn btn-small btn-ghost" onClick={() => void org({ sealPngBase64: null })}>
                  {t('signing.settings.sealRemove')}
                </button>
              )}
              <label className="field">
                <span>{t('signing.settings.nameCheck')}</span>
                <select value={settings.data.organisation.nameCheck} onChange={(e) => void org({ nameCheck: e.target.value as 'strict' | 'warn' })} data-testid="name-check">
                  <option value="warn">{t('signing.settings.nameWarn')}</option>
                  <option value="strict">{t('signing.settings.nameStrict')}</option>
                </select>
              </label>
            </div>
          )}
        </>
      )}
      {message && (
        <p role="status" data-testid="signing-settings-message">
          {messageText(t, message)}
        </p>
      )}
    </section>
  );
}
