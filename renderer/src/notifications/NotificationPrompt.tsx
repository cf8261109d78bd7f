/** The one time the app asks whether to show desktop notifications; the answer is remembered on this computer. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { turnOff, turnOn, useNotificationChoice } from './settings';

export function NotificationPrompt() {
  const { t } = useTranslation();
  const choice = useNotificationChoice();
  const [busy, setBusy] = useState(false);
  if (choice !== 'unasked') return null;
  const answer = (yes: boolean) => {
    setBusy(true);
    void (yes ? turnOn() : turnOff()).finally(() => setBusy(false));
  };
  return (
    <div className="notification-prompt" role="region" aria-label={t('notifications.setting')} data-testid="notification-prompt">
      <p>{t('notifications.prompt')}</p>
      <button type="button" className="btn btn-primary btn-small" disabled={busy} onClick={() => answer(true)} data-testid="notifications-enable">
        {t('notifications.enable')}
      </button>
      <button type="button" className="btn btn-small" disabled={busy} onClick={() => answer(false)} data-testid="notifications-decline">
        {t('notifications.decline')}
      </button>
    </div>
  );
}
