/** "Chờ ký": what waits for my signature, the other requests I can see, and (secretariat) sending a document for signature. */
import { touchesKinds, type CacheChange } from '../../../shared/rules/cache-changes';
import { useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../../../shared/bridge';
import type { SignatureStepRole } from '../../../shared/signing-workflow';
import type { SignatureRequestView } from '../../../shared/signing-bridge';
import { isSecretariat } from '../../../shared/rules/meetings';
import { mayUseSigningWorkflow } from '../../../shared/rules/meeting-roles';
import { invoke } from '../bridge';
import { ErrorBox, Loading } from '../components/Feedback';
import { errorMessage, keyMessage, messageText, type UiMessage } from '../components/ui-message';
import { formatDateTime } from '../format';
import { useBridgeData } from '../hooks';
import { currentLocale } from '../i18n';
import { signingHref } from './routes';
import { anyRole, secretariatIn } from '../organisations';
import { meetingOptions } from '../meetings/meeting-options';
import { MeetingPicker } from '../meetings/MeetingPicker';

const relevant = (c: CacheChange) => touchesKinds(c, ['signatureRequest']);

export function ToSignScreen({ session }: { session: SessionInfo }) {
  const { t } = useTranslation();
  // Reached by its address only (the navigation does not offer it): say so instead of empty lists.
  if (!anyRole(session, mayUseSigningWorkflow))
    return (
      <div className="page signing-page" data-testid="signing-screen">
        <h1 className="page-title">{t('signing.workflow.title')}</h1>
        <p className="empty" data-testid="signing-not-for-role">
          {t('signing.workflow.notForRole')}
        </p>
      </div>
    );
  return <SigningLists session={session} />;
}

function SigningLists({ session }: { session: SessionInfo }) {
  // Secretariat of one of his organisations (the server decides each request in its own).
  const secretariat = anyRole(session, isSecretariat);
  const { t } = useTranslation();
  const { data, error, loading, reload } = useBridgeData(() => invoke('signing.requests', {}), [], relevant);
  const mine = (data ?? []).filter((r) => r.myTurn || r.pendingUpload);
  const others = (data ?? []).filter((r) => !r.myTurn && !r.pendingUpload);
  return (
    <div className="page signing-page" data-testid="signing-screen">
      <div className="signing-head">
        <h1 className="page-title">{t('signing.workflow.title')}</h1>
        <a className="btn btn-ghost" href={signingHref.keys()} data-testid="nav-keys">
          {t('signing.workflow.keysNav')}
        </a>
      </div>
      {loading && <Loading />}
      {error && <ErrorBox error={error} onRetry={reload} />}
      {data && (
        <>
          <section>
            <h2>{t('signing.workflow.toSign')}</h2>
            {mine.length === 0 ? <p className="empty">{t('signing.workflow.nothingToSign')}</p> : <RequestList requests={mine} session={session} onChanged={reload} />}
          </section>
          <section>
            <h2>{t('signing.workflow.others')}</h2>
            {others.length === 0 ? <p className="empty small">{t('signing.workflow.none')}</p> : <RequestList requests={others} session={session} onChanged={reload} />}
          </section>
        </>
      )}
      {secretariat && <SendForSignature session={session} onSent={reload} />}
    </div>
  );
}

function RequestList({ requests, session, onChanged }: { requests: SignatureRequestView[]; session: SessionInfo; onChanged: () => void }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const [outcome, setOutcome] = useState<{ id: string; message: UiMessage } | null>(null);
  // Secretariat on a returned (or still running) request: send it again, or withdraw it.
  const act = async (id: string, action: 'resend' | 'cancel') => {
    if (action === 'cancel' && !window.confirm(t('signing.workflow.cancelConfirm'))) return;
    try {
      const r = await invoke(action === 'resend' ? 'signing.resend' : 'signing.cancel', { requestId: id });
      setOutcome({ id, message: r.status === 'rejected' ? errorMessage(r.error ?? { code: 'internal' }) : keyMessage(action === 'resend' ? 'signing.workflow.resent' : 'signing.workflow.cancelled') });
    } catch (err) {
      setOutcome({ id, message: errorMessage(err) });
    }
    onChanged();
  };
  return (
    <ul className="signing-list">
      {requests.map((r) => {
        const returned = r.steps.find((s) => s.status === 'returned');
        return (
          <li key={r.id} className="signing-item" data-testid="signature-request" data-request-id={r.id} data-status={r.status}>
            <a className="signing-link" href={signingHref.request(r.id)}>
              <span className="doc-title">{r.documentTitle}</span>
              <span className={`badge request-${r.status}`}>{t(`signing.workflow.status.${r.status}`)}</span>
            </a>
            <div className="muted small">
              {r.meetingTitle && <span>{t('signing.workflow.meeting', { title: r.meetingTitle })} · </span>}
              <span>{t('signing.workflow.sentAt', { at: formatDateTime(r.createdAt, locale) })}</span>
            </div>
            <StepList request={r} />
            {returned && (
              <p className="returned-comment" data-testid="returned-comment">
                {t('signing.workflow.returnedComment', { comment: returned.comment })}
              </p>
            )}
            {r.pendingUpload && <p className="muted small">{t('signing.workflow.pendingUpload')}</p>}
            {/* Resend and withdraw: the secretariat of the request's own organisation. */}
            {secretariatIn(session, r.orgId) && (r.status === 'returned' || r.status === 'in_progress') && (
              <div className="request-actions">
                {r.status === 'returned' && (
                  <button type="button" className="btn btn-small btn-primary" onClick={() => void act(r.id, 'resend')} data-testid="request-resend">
                    {t('signing.workflow.resend')}
                  </button>
                )}
                <button type="button" className="btn btn-small btn-ghost" onClick={() => void act(r.id, 'cancel')} data-testid="request-cancel">
                  {t('signing.workflow.cancelRequest')}
                </button>
              </div>
            )}
            {outcome?.id === r.id && (
              <p role="status" className="small" data-testid="request-action-outcome">
                {messageText(t, outcome.message)}
              </p>
            )}
          </li>
        );
      })}
    </ul>
  );
}

export function StepList({ request }: { request: SignatureRequestView }) {
  const { t } = useTranslation();
  return (
    <ol className="step-list" aria-label={t('signing.workflow.steps')}>
      {request.steps.map((s, i) => (
        <li key={s.id} className={`step step-${s.status}`} data-testid="signature-step" data-status={s.status}>
          <span>{request.signerNames[i] || '—'}</span> <span className="muted">({t(`signing.workflow.role.${s.role}`)})</span>{' '}
          <span className="badge">{t(`signing.workflow.stepStatus.${s.status}`)}</span>
          {s.nameCheck === 'mismatch' && (
            <span className="badge verdict-indeterminate" data-testid="name-mismatch">
              {' '}
              {t('signing.workflow.nameMismatch', { name: s.certificateName ?? '' })}
            </span>
          )}
        </li>
      ))}
    </ol>
  );
}

/** Secretariat: choose a meeting document and the ordered signers. */
function SendForSignature({ session, onSent }: { session: SessionInfo; onSent: () => void }) {
  const { t } = useTranslation();
  // The meetings of the organisations he prepares; the signers are people of the chosen meeting's organisation.
  const meetings = useBridgeData(() => invoke('meetings.list', {}).then((all) => all.filter((m) => secretariatIn(session, m.orgId))), []);
  const [meetingId, setMeetingId] = useState('');
  const meetingFieldId = useId();
  const meetingChoices = useMemo(() => meetingOptions(meetings.data ?? [], currentLocale()), [meetings.data]);
  const orgId = meetings.data?.find((m) => m.id === meetingId)?.orgId;
  const users = useBridgeData(() => invoke('secretariat.users', orgId ? { orgId } : {}), [orgId]);
  const detail = useBridgeData(() => (meetingId ? invoke('meetings.get', { id: meetingId }) : Promise.resolve(null)), [meetingId]);
  const [documentId, setDocumentId] = useState('');
  const [steps, setSteps] = useState<{ userId: string; role: SignatureStepRole }[]>([{ userId: '', role: 'signer' }]);
  const [note, setNote] = useState('');
  const [certify, setCertify] = useState(false);
  const [message, setMessage] = useState<UiMessage | null>(null);
  const [busy, setBusy] = useState(false);
  const docs = detail.data ? [...detail.data.agenda.flatMap((a) => a.documents), ...detail.data.documents] : [];

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setMessage(null);
    try {
      const r = await invoke('signing.create', { documentId, note, steps: steps.filter((s) => s.userId), ...(certify ? { certify: true } : {}) });
      setMessage(r.status === 'rejected' ? errorMessage(r.error ?? { code: 'internal' }) : keyMessage('signing.workflow.sent'));
      if (r.status !== 'rejected') onSent();
    } catch (err) {
      setMessage(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="send-for-signature" data-testid="send-for-signature">
      <h2>{t('signing.workflow.sendTitle')}</h2>
      <form onSubmit={submit} className="signing-form">
        <div className="field">
          <label htmlFor={meetingFieldId}>{t('signing.workflow.sendMeeting')}</label>
          <MeetingPicker
            id={meetingFieldId}
            choices={meetingChoices}
            value={meetingId}
            onChange={(id) => (setMeetingId(id), setDocumentId(''))}
            emptyLabel={t('signing.workflow.choose')}
            testId="send-meeting"
          />
        </div>
        <label className="field">
          <span>{t('signing.workflow.sendDocument')}</span>
          <select value={documentId} onChange={(e) => setDocumentId(e.target.value)} data-testid="send-document">
            <option value="">{t('signing.workflow.choose')}</option>
            {docs.map((d) => (
              <option key={d.id} value={d.id}>
                {d.title}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="field">
          <legend>{t('signing.workflow.steps')}</legend>
          {steps.map((s, i) => (
            <div key={i} className="step-row">
              <span>{i + 1}.</span>
              <select value={s.userId} onChange={(e) => setSteps(steps.map((x, j) => (j === i ? { ...x, userId: e.target.value } : x)))} aria-label={t('signing.workflow.stepPerson', { n: i + 1 })} data-testid="send-signer">
                <option value="">{t('signing.workflow.choose')}</option>
                {(users.data ?? []).map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.fullName}
                    {u.title ? ` — ${u.title}` : ''}
                  </option>
                ))}
              </select>
              <select value={s.role} onChange={(e) => setSteps(steps.map((x, j) => (j === i ? { ...x, role: e.target.value as SignatureStepRole } : x)))} aria-label={t('signing.workflow.stepRole', { n: i + 1 })} data-testid="send-role">
                <option value="signer">{t('signing.workflow.role.signer')}</option>
                <option value="clerk">{t('signing.workflow.role.clerk')}</option>
              </select>
              {steps.length > 1 && (
                <button type="button" className="btn btn-small btn-ghost" onClick={() => setSteps(steps.filter((_, j) => j !== i))}>
                  {t('signing.workflow.sendRemove')}
                </button>
              )}
            </div>
          ))}
          <button type="button" className="btn btn-small" onClick={() => setSteps([...steps, { userId: '', role: 'clerk' }])} data-testid="send-add-signer">
            {t('signing.workflow.sendAddSigner')}
          </button>
        </fieldset>
        <label className="field">
          <span>{t('signing.workflow.sendNote')}</span>
          <textarea value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} rows={2} />
        </label>
        <label title={t('signing.workflow.certifyHint')}>
          <input type="checkbox" checked={certify} onChange={(e) => setCertify(e.target.checked)} data-testid="send-certify" /> {t('signing.workflow.certify')}
        </label>
        <p className="muted small">{t('signing.workflow.certifyHint')}</p>
        <button type="submit" className="btn btn-primary" disabled={busy || !documentId || !steps.some((s) => s.userId)} data-testid="send-submit">
          {t('signing.workflow.send')}
        </button>
        {message && (
          <p role="status" data-testid="send-message">
            {messageText(t, message)}
          </p>
        )}
      </form>
    </section>
  );
}
