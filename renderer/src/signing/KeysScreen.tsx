/** "Chữ ký số của tôi": imported .p12 certificates, PKCS#11 tokens, trust roots. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { invoke } from '../bridge';
import { ErrorBox, Loading } from '../components/Feedback';
import { errorText } from '../errors';
import { errorMessage, keyMessage, messageText, type UiMessage } from '../components/ui-message';
import { formatDate } from '../format';
import { useBridgeData } from '../hooks';
import { currentLocale } from '../i18n';
import { fileToBase64, fileToText } from './files';
import { FileField } from '../forms/FileField';
import { signingHref } from './routes';
import type { Role } from '../../../shared/entities';
import { withModuleConfirmation } from './pkcs11-confirm';
import { SigningSettingsSection } from './SigningSettingsSection';

export function KeysScreen({ role }: { role: Role }) {
  const { t } = useTranslation();
  return (
    <div className="page keys-page" data-testid="keys-screen">
      <a className="back-link" href={signingHref.list()}>
        <span aria-hidden="true">← </span>
        {t('signing.workflow.title')}
      </a>
      <h1 className="page-title">{t('signing.keys.title')}</h1>
      <StoredKeys />
      <TokenKeys />
      <TrustRootsSection />
      <SigningSettingsSection role={role} />
    </div>
  );
}

function StoredKeys() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const keys = useBridgeData(() => invoke('keys.list', {}), []);
  const [file, setFile] = useState<File | null>(null);
  const [password, setPassword] = useState('');
  const [message, setMessage] = useState<UiMessage | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    setBusy(true);
    setMessage(null);
    try {
      await invoke('keys.importP12', { base64: await fileToBase64(file), password });
      setMessage(keyMessage('signing.keys.imported'));
      keys.reload();
    } catch (err) {
      setMessage(errorMessage(err));
    } finally {
      setPassword('');
      setBusy(false);
    }
  };
  const remove = async (id: string) => {
    if (!window.confirm(t('signing.keys.removeConfirm'))) return;
    await invoke('keys.remove', { id }).catch((err: unknown) => setMessage(errorMessage(err)));
    keys.reload();
  };

  return (
    <section>
      <h2>{t('signing.keys.stored')}</h2>
      {keys.loading && <Loading />}
      {keys.error && <ErrorBox error={keys.error} onRetry={keys.reload} />}
      {keys.data && keys.data.length === 0 && <p className="empty small">{t('signing.keys.none')}</p>}
      <ul className="key-list">
        {(keys.data ?? []).map((k) => (
          <li key={k.id} className="key-item" data-testid="key-item" data-expired={k.expired ? 'true' : 'false'}>
            <strong>{k.label}</strong> {k.expired && <span className="badge verdict-invalid">{t('signing.keys.expired')}</span>}
            <div className="muted small">
              {t('signing.keys.subject')}: {k.subject}
            </div>
            <div className="muted small">
              {t('signing.keys.issuer')}: {k.issuer}
            </div>
            <div className="muted small">{t('signing.keys.validUntil', { date: formatDate(k.notAfter, locale) })}</div>
            <button type="button" className="btn btn-small btn-ghost" onClick={() => void remove(k.id)}>
              {t('signing.keys.remove')}
            </button>
          </li>
        ))}
      </ul>
      <form className="signing-form" onSubmit={submit} aria-label={t('signing.keys.import')}>
        <h3>{t('signing.keys.import')}</h3>
        <FileField label={t('signing.keys.file')} accept=".p12,.pfx,application/x-pkcs12" onFile={setFile} testId="p12-file" />
        <label className="field">
          <span>{t('signing.keys.password')}</span>
          <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="off" data-testid="p12-password" />
        </label>
        <button type="submit" className="btn btn-primary" disabled={busy || !file || !password} data-testid="p12-import">
          {t('signing.keys.importButton')}
        </button>
        {message && (
          <p role="status" data-testid="p12-message">
            {messageText(t, message)}
          </p>
        )}
      </form>
    </section>
  );
}

function TokenKeys() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const [module, setModule] = useState('');
  const [tokens, setTokens] = useState<{ label: string; manufacturer: string; serialNumber: string }[] | null>(null);
  const [tokenLabel, setTokenLabel] = useState('');
  const [pin, setPin] = useState('');
  const [certs, setCerts] = useState<{ id: string; label: string; subject: string; notAfter: string; expired: boolean }[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const find = async () => {
    setError(null);
    try {
      const list = await withModuleConfirmation(t, module, () => invoke('keys.pkcs11Tokens', { module }));
      setTokens(list);
      setTokenLabel(list[0]?.label ?? '');
    } catch (err) {
      setError(err);
    }
  };
  const listCerts = async () => {
    setError(null);
    try {
      setCerts(await withModuleConfirmation(t, module, () => invoke('keys.pkcs11Certificates', { module, tokenLabel, pin })));
    } catch (err) {
      setError(err);
    } finally {
      setPin('');
    }
  };
  return (
    <section>
      <h2>{t('signing.keys.token')}</h2>
      <div className="signing-form">
        <label className="field">
          <span>{t('signing.keys.module')}</span>
          <input value={module} onChange={(e) => setModule(e.target.value)} placeholder="/usr/lib/softhsm/libsofthsm2.so" />
        </label>
        <button type="button" className="btn" onClick={() => void find()} disabled={!module}>
          {t('signing.keys.findTokens')}
        </button>
        {tokens && tokens.length === 0 && <p className="empty small">{t('signing.keys.noTokens')}</p>}
        {tokens && tokens.length > 0 && (
          <>
            <select value={tokenLabel} onChange={(e) => setTokenLabel(e.target.value)}>
              {tokens.map((tk) => (
                <option key={tk.serialNumber + tk.label} value={tk.label}>
                  {tk.label} — {tk.manufacturer} ({tk.serialNumber})
                </option>
              ))}
            </select>
            <label className="field">
              <span>{t('signing.keys.pin')}</span>
              <input type="password" value={pin} onChange={(e) => setPin(e.target.value)} autoComplete="off" />
            </label>
            <button type="button" className="btn" onClick={() => void listCerts()} disabled={!pin}>
              {t('signing.keys.listCertificates')}
            </button>
          </>
        )}
        {certs && (
          <ul className="key-list">
            {certs.map((c) => (
              <li key={c.id} className="key-item">
                <strong>{c.label}</strong> {c.expired && <span className="badge verdict-invalid">{t('signing.keys.expired')}</span>}
                <div className="muted small">{c.subject}</div>
                <div className="muted small">{t('signing.keys.validUntil', { date: formatDate(c.notAfter, locale) })}</div>
              </li>
            ))}
          </ul>
        )}
        {error !== null && <p className="form-error" role="alert">{errorText(t, error)}</p>}
      </div>
    </section>
  );
}

function TrustRootsSection() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const roots = useBridgeData(() => invoke('trust.list', {}), []);
  const [error, setError] = useState<unknown>(null);
  const add = async (file: File | undefined) => {
    if (!file) return;
    setError(null);
    try {
      await invoke('trust.add', { pem: await fileToText(file) });
      roots.reload();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section>
      <h2>{t('signing.keys.trust')}</h2>
      <p className="muted small">{t('signing.keys.trustHint')}</p>
      {roots.data && roots.data.length === 0 && <p className="empty small">{t('signing.keys.trustNone')}</p>}
      <ul className="key-list">
        {(roots.data ?? []).map((r) => (
          <li key={r.fingerprint} className="key-item" data-testid="trust-root">
            <strong>{r.subject}</strong>
            <div className="muted small">{t('signing.keys.validUntil', { date: formatDate(r.notAfter, locale) })}</div>
            <div className="muted small fingerprint">
              {t('signing.keys.fingerprint')}: {r.fingerprint}
            </div>
            <button type="button" className="btn btn-small btn-ghost" onClick={() => void invoke('trust.remove', { fingerprint: r.fingerprint }).then(roots.reload)}>
              {t('signing.keys.remove')}
            </button>
          </li>
        ))}
      </ul>
      <FileField label={t('signing.keys.trustAdd')} accept=".pem,.crt,.cer" onFile={(f) => void add(f ?? undefined)} testId="trust-file" keepName={false} />
      {error !== null && <p className="form-error" role="alert">{errorText(t, error)}</p>}
    </section>
  );
}
