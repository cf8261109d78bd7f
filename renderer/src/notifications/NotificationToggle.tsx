/** The header's switch for desktop notifications, after the first answer. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { turnOff, turnOn, useNotificationChoice, type TurnOnOutcome } from './settings';

export function NotificationToggle() {
  const { t } = useTranslation();
  const choice = useNotificationChoice();
  const [outcome, setOutcome] = useState<TurnOnOutcome | null>(null);
  const [busy, setBusy] = useState(false);
  if (choice === null || choice === 'unasked') return null;
  const on = choice === 'on';
  const toggle = () => {
    setBusy(true);
    setOutcome(null);
    void (on ? turnOff() : turnOn().then(setOutcome)).finally(() => setBusy(false));
  };
  return (
    <span className="notification-toggle">
      <button type="button" className="btn btn-ghost btn-small" aria-pressed={on} disabled={busy} onClick={toggle} title={t('notifications.setting')} data-testid="notifications-toggle">
        {on ? t('notifications.on') : t('notifications.off')}
      </button>
      {outcome === 'blocked' && (
        <span className="form-error small" role="alert" data-testid="notifications-blocked">
          {t('notifications.blocked')}
        </span>
      )}
    </span>
  );
}
