/**
 * The deployment's organisations, for its administrator: list, create, add a person with a role
 * there (the same as `ecabinet org add|list|member add`; each change audited by the server).
 * Anyone else's server answers "forbidden": the section then stays hidden.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Role } from '../../../shared/entities';
import { invoke } from '../bridge';
import { ErrorBox, Loading } from '../components/Feedback';
import { errorMessage, keyMessage, messageText, type UiMessage } from '../components/ui-message';
import { useBridgeData } from '../hooks';

const never = () => false;
const isForbidden = (e: unknown) => typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'forbidden';

export function OrganisationsSection() {
  const { t } = useTranslation();
  const orgs = useBridgeData(() => invoke('admin.organisations', {}), [], never);
  const [message, setMessage] = useState<UiMessage | null>(null);
  const [name, setName] = useState('');
  const [shortName, setShortName] = useState('');
  const [orgId, setOrgId] = useState('');
  const [username, setUsername] = useState('');
  const [role, setRole] = useState<Role>('member');
  const [busy, setBusy] = useState(false);
  if (orgs.error && isForbidden(orgs.error)) return null;

  const run = async (p: () => Promise<UiMessage>) => {
    setBusy(true);
    try {
      setMessage(await p());
      orgs.reload();
    } catch (e) {
      setMessage(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const addOrg = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const o = await invoke('admin.addOrganisation', { name, shortName });
      setName('');
      setShortName('');
      return keyMessage('organisations.admin.added', { name: o.name });
    });
  };
  const target = orgs.data?.find((o) => o.id === orgId) ?? orgs.data?.[0];
  const addMember = (e: FormEvent) => {
    e.preventDefault();
    if (!target) return;
    void run(async () => {
      await invoke('admin.addOrganisationMember', { orgId: target.id, username, role });
      setUsername('');
      return keyMessage('organisations.admin.memberAdded', { username, org: target.shortName, role: t(`roles.${role}`) });
    });
  };

  return (
    <section data-testid="organisations-admin">
      <h2>{t('organisations.admin.title')}</h2>
      <p className="muted small">{t('organisations.admin.intro')}</p>
      {message && <p role="status" data-testid="organisations-message">{messageText(t, message)}</p>}
      {orgs.loading && <Loading />}
      {orgs.error && <ErrorBox error={orgs.error} onRetry={orgs.reload} />}
      {orgs.data && (
        <table className="admin-table">
          <thead>
            <tr>
              <th>{t('organisations.admin.shortName')}</th>
              <th>{t('organisations.admin.name')}</th>
              <th>{t('organisations.admin.members')}</th>
            </tr>
          </thead>
          <tbody>
            {orgs.data.map((o) => (
              <tr key={o.id} data-testid="organisation-row" data-org-id={o.id}>
                <td>{o.shortName}</td>
                <td>{o.name}</td>
                <td>{o.members}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form onSubmit={addOrg} className="row-actions">
        <label>
          {t('organisations.admin.name')} <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={300} data-testid="org-name-input" />
        </label>
        <label>
          {t('organisations.admin.shortName')} <input value={shortName} onChange={(e) => setShortName(e.target.value)} required maxLength={60} data-testid="org-short-input" />
        </label>
        <button type="submit" className="btn" disabled={busy} data-testid="org-add">
          {t('organisations.admin.add')}
        </button>
      </form>
      {orgs.data && orgs.data.length > 0 && (
        <form onSubmit={addMember} className="row-actions">
          <h3>{t('organisations.admin.memberTitle')}</h3>
          <label>
            {t('organisations.admin.organisation')}{' '}
            <select value={target?.id ?? ''} onChange={(e) => setOrgId(e.target.value)} data-testid="member-org">
              {orgs.data.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('organisations.admin.username')} <input value={username} onChange={(e) => setUsername(e.target.value)} required maxLength={64} data-testid="member-username" />
          </label>
          <label>
            {t('organisations.admin.role')}{' '}
            <select value={role} onChange={(e) => setRole(e.target.value as Role)} data-testid="member-role">
              {Role.options.map((r) => (
                <option key={r} value={r}>
                  {t(`roles.${r}`)}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="btn" disabled={busy} data-testid="member-add">
            {t('organisations.admin.addMember')}
          </button>
        </form>
      )}
    </section>
  );
}
