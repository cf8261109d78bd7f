import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo, SessionInfo } from '../../../shared/bridge';
import { invoke } from '../bridge';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { errorMessage, keyMessage, messageText, type UiMessage } from '../components/ui-message';

function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Why the sign-in form is back, when the server ended the session (a revoked device, the session's maximum lifetime). */
export type SessionEndedNotice = 'device_revoked' | 'session_expired' | null;

export function LoginScreen({
  appInfo,
  onSignedIn,
  ended = null,
}: {
  appInfo: AppInfo | null;
  onSignedIn: (s: SessionInfo) => void;
  ended?: SessionEndedNotice;
}) {
  const { t } = useTranslation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [showPassword, setShowPassword] = useState(false);
  // null until the user edits it; until then the field shows (and we send) the default server.
  const [serverUrl, setServerUrl] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<UiMessage | null>(null);

  const shownServerUrl = serverUrl ?? appInfo?.defaultServerUrl ?? '';

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (submitting) return;
    const user = username.trim();
    if (!user || !password) return setError(keyMessage('login.required'));
    const server = shownServerUrl.trim();
    if (server && !isHttpUrl(server)) return setError(keyMessage('login.serverUrlInvalid'));
    setSubmitting(true);
    setError(null);
    invoke('session.login', { username: user, password, ...(server ? { serverUrl: server } : {}) })
      .then(
        (session) => {
          setPassword('');
          onSignedIn(session);
        },
        (err: unknown) => setError(errorMessage(err)),
      )
      .finally(() => setSubmitting(false));
  };

  return (
    <div className="login-page">
      <div className="login-lang">
        <LanguageSwitch />
      </div>
      <main className="login-card" id="main">
        <div className="login-brand">
          <span className="brand-emblem large" aria-hidden="true">★</span>
          <div>
            <div className="login-app-name">{t('app.name')}</div>
            <div className="login-tagline">{t('app.tagline')}</div>
          </div>
        </div>
        <h1>{t('login.title')}</h1>
        <p className="muted">{t('login.subtitle')}</p>
        {ended && (
          <p className="form-notice" role="alert" data-testid="session-ended-notice" data-reason={ended}>
            {t(`sessionEnded.${ended}`)}
          </p>
        )}
        <form onSubmit={submit} noValidate>
          <label className="field">
            <span>{t('login.username')}</span>
            <input
              data-testid="login-username"
              name="username"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              autoFocus
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              maxLength={64}
              required
            />
          </label>
          <label className="field">
            <span>{t('login.password')}</span>
            <span className="password-row">
              <input
                data-testid="login-password"
                name="password"
                type={showPassword ? 'text' : 'password'}
                autoComplete="current-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                maxLength={1024}
                required
              />
              <button
                type="button"
                className="btn btn-ghost btn-small"
                aria-pressed={showPassword}
                onClick={() => setShowPassword((v) => !v)}
              >
                {showPassword ? t('login.hidePassword') : t('login.showPassword')}
              </button>
            </span>
          </label>
          <details className="advanced">
            <summary>{t('login.advanced')}</summary>
            <label className="field">
              <span>{t('login.serverUrl')}</span>
              <input
                data-testid="login-server"
                name="serverUrl"
                type="url"
                inputMode="url"
                spellCheck={false}
                value={shownServerUrl}
                placeholder={t('login.serverUrlHint')}
                onChange={(e) => setServerUrl(e.target.value)}
                maxLength={500}
              />
              <small className="muted">{t('login.serverUrlHint')}</small>
            </label>
          </details>
          {error && (
            <p className="form-error" role="alert" data-testid="login-error">
              {messageText(t, error)}
            </p>
          )}
          <button type="submit" className="btn btn-primary btn-block" data-testid="login-submit" disabled={submitting}>
            {submitting ? t('login.submitting') : t('login.submit')}
          </button>
        </form>
        {appInfo && <p className="login-version muted">{t('login.version', { version: appInfo.version })}</p>}
      </main>
    </div>
  );
}
