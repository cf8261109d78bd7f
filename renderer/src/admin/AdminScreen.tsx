/**
 * The administrator's screen: every account with enable/disable, an account's devices with
 * revoke (one or all), and the retention policy on devices. Online only: it shows the server's
 * state, read again after each action.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AdminUser, DeviceSession } from '../../../shared/admin';
import type { SessionInfo } from '../../../shared/bridge';
import type { RetentionPolicy } from '../../../shared/rules/retention';
import { invoke } from '../bridge';
import { ErrorBox, Loading } from '../components/Feedback';
import { errorMessage, keyMessage, messageText, type UiMessage } from '../components/ui-message';
import { formatDateTime } from '../format';
import { useBridgeData } from '../hooks';
import { currentLocale } from '../i18n';
import { DecisionRulesSection } from './DecisionRulesSection';
import { OrganisationsSection } from './OrganisationsSection';
import { ActingOrganisation } from '../components/ActiveOrganisation';
import { activeRole } from '../organisations';
import './admin.css';

const never = () => false;

export function AdminScreen({ session }: { session: SessionInfo }) {
  const { t } = useTranslation();
  const users = useBridgeData(() => invoke('admin.users', {}), [], never);
  const [selected, setSelected] = useState<string | null>(null);
  const [actionError, setActionError] = useState<UiMessage | null>(null);
  // Accounts, retention and rules of the active organisation: its administrator only.
  if (activeRole(session) !== 'admin') return <ErrorBox error={{ code: 'forbidden' }} />;

  const act = (p: Promise<unknown>) =>
    p.then(
      () => {
        setActionError(null);
        users.reload();
      },
      (e: unknown) => setActionError(errorMessage(e)),
    );

  return (
    <div className="page admin-page" data-testid="admin-screen">
      <h1 className="page-title">{t('admin.title')}</h1>
      <ActingOrganisation session={session} />
      {actionError && <ErrorBox error={null} text={messageText(t, actionError)} />}
      <h2>{t('admin.users')}</h2>
      {users.loading && <Loading />}
      {users.error && <ErrorBox error={users.error} onRetry={users.reload} />}
      {users.data && (
        <table className="admin-table">
          <thead>
            <tr>
              <th>{t('admin.col.user')}</th>
              <th>{t('admin.col.role')}</th>
              <th>{t('admin.col.state')}</th>
              <th>{t('admin.col.devices')}</th>
              <th>{t('admin.col.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {users.data.users.map((u) => (
              <UserRow
                key={u.id}
                user={u}
                self={u.id === session.user.id}
                onToggle={() => act(invoke('admin.setDisabled', { userId: u.id, disabled: u.disabledAt === null }))}
                onDevices={() => setSelected(u.id)}
              />
            ))}
          </tbody>
        </table>
      )}
      {selected && <Devices key={selected} userId={selected} onChanged={users.reload} />}
      <RetentionForm />
      <DecisionRulesSection />
      <OrganisationsSection />
    </div>
  );
}

function UserRow({ user, self, onToggle, onDevices }: { user: AdminUser; self: boolean; onToggle: () => void; onDevices: () => void }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  return (
    <tr data-testid="admin-user" data-username={user.username} data-disabled={user.disabledAt ? 'true' : 'false'}>
      <td>
        <strong>{user.fullName}</strong> <span className="muted">{user.username}</span> {self && <span className="muted">{t('admin.you')}</span>}
      </td>
      <td>{t(`roles.${user.role}`)}</td>
      <td data-testid="admin-user-state">{user.disabledAt ? t('admin.disabled', { date: formatDateTime(user.disabledAt, locale) }) : t('admin.active')}</td>
      <td>{user.activeSessions}</td>
      <td className="admin-actions">
        <button type="button" className="btn" onClick={onDevices} data-testid="admin-show-devices">
          {t('admin.showDevices')}
        </button>
        {!self && (
          <button type="button" className={user.disabledAt ? 'btn' : 'btn btn-danger'} onClick={onToggle} data-testid="admin-toggle-user">
            {user.disabledAt ? t('admin.enable') : t('admin.disable')}
          </button>
        )}
      </td>
    </tr>
  );
}

function Devices({ userId, onChanged }: { userId: string; onChanged: () => void }) {
  const { t } = useTranslation();
  const data = useBridgeData(() => invoke('admin.sessions', { userId }), [userId], never);
  const [message, setMessage] = useState<UiMessage | null>(null);
  const revoke = (revokeWhat: { sessionId: string } | { all: true }) =>
    invoke('admin.revoke', { userId, revoke: revokeWhat }).then(
      (r) => {
        setMessage(keyMessage('admin.revoked', { count: r.revoked.length }));
        data.reload();
        onChanged();
      },
      (e: unknown) => setMessage(errorMessage(e)),
    );
  return (
    <section className="admin-devices" data-testid="admin-devices">
      {data.loading && <Loading />}
      {data.error && <ErrorBox error={data.error} onRetry={data.reload} />}
      {data.data && (
        <>
          <h2>{t('admin.devicesOf', { name: data.data.user.fullName })}</h2>
          {message && (
            <p className="form-notice" role="status" data-testid="admin-devices-message">
              {messageText(t, message)}
            </p>
          )}
          {data.data.sessions.length === 0 && <p className="empty small">{t('admin.noDevices')}</p>}
          <ul className="device-list">
            {data.data.sessions.map((s) => (
              <DeviceItem key={s.id} device={s} onRevoke={() => revoke({ sessionId: s.id })} />
            ))}
          </ul>
          {data.data.sessions.some((s) => !s.revokedAt) && (
            <button type="button" className="btn btn-danger" onClick={() => revoke({ all: true })} data-testid="admin-revoke-all">
              {t('admin.revokeAll')}
            </button>
          )}
        </>
      )}
    </section>
  );
}

function DeviceItem({ device, onRevoke }: { device: DeviceSession; onRevoke: () => void }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const at = (v: string) => formatDateTime(v, locale);
  return (
    <li className="device" data-testid="admin-device" data-device-name={device.deviceName} data-state={device.revokedAt ? 'ended' : 'open'}>
      <div>
        <strong>{device.deviceName || t('admin.device.unnamed')}</strong>
        {device.platform && <span className="muted"> · {device.platform}</span>}
      </div>
      <div className="muted small">
        {t('admin.device.signedIn', { date: at(device.createdAt) })} · {t('admin.device.lastSeen', { date: at(device.lastSeenAt) })}
        {device.address && ` ${t('admin.device.from', { address: device.address })}`} · {t('admin.device.ends', { date: at(device.expiresAt) })}
      </div>
      <div className="small" data-testid="admin-device-state">
        {device.revokedAt && device.revokedReason ? t(`admin.device.ended.${device.revokedReason}`, { date: at(device.revokedAt) }) : t('admin.device.open')}
      </div>
      {!device.revokedAt && (
        <button type="button" className="btn btn-danger" onClick={onRevoke} data-testid="admin-revoke-device">
          {t('admin.revoke')}
        </button>
      )}
    </li>
  );
}

const CLASSIFICATIONS = ['public', 'internal', 'confidential'] as const;

function RetentionForm() {
  const { t } = useTranslation();
  const loaded = useBridgeData(() => invoke('admin.retention', {}), [], never);
  const [draft, setDraft] = useState<RetentionPolicy | null>(null);
  const [message, setMessage] = useState<UiMessage | null>(null);
  const policy = draft ?? loaded.data?.policy ?? null;
  if (!policy) return loaded.error ? <ErrorBox error={loaded.error} onRetry={loaded.reload} /> : null;
  const set = (c: (typeof CLASSIFICATIONS)[number], patch: Partial<RetentionPolicy['public']>) => setDraft({ ...policy, [c]: { ...policy[c], ...patch } });
  const save = () =>
    invoke('admin.setRetention', { policy }).then(
      () => {
        setMessage(keyMessage('admin.retention.saved'));
        setDraft(null);
        loaded.reload();
      },
      (e: unknown) => setMessage(errorMessage(e)),
    );
  return (
    <section className="admin-retention" data-testid="admin-retention">
      <h2>{t('admin.retention.title')}</h2>
      <p className="muted">{t('admin.retention.intro')}</p>
      {CLASSIFICATIONS.map((c) => (
        <fieldset key={c} className="retention-rule">
          <legend>{t(`classification.${c}`)}</legend>
          <label className="field inline">
            <span>{t('admin.retention.days')}</span>
            <input
              type="number"
              min={0}
              max={3650}
              value={policy[c].daysAfterClose ?? ''}
              data-testid={`retention-days-${c}`}
              onChange={(e) => set(c, { daysAfterClose: e.target.value === '' ? null : Math.max(0, Math.min(3650, Math.trunc(Number(e.target.value)))) })}
            />
          </label>
          <label className="field inline">
            <input type="checkbox" checked={policy[c].redownload} onChange={(e) => set(c, { redownload: e.target.checked })} />
            <span>{t('admin.retention.redownload')}</span>
          </label>
        </fieldset>
      ))}
      <button type="button" className="btn btn-primary" onClick={save} data-testid="retention-save">
        {t('admin.retention.save')}
      </button>
      {message && (
        <p className="form-notice" role="status">
          {messageText(t, message)}
        </p>
      )}
    </section>
  );
}
