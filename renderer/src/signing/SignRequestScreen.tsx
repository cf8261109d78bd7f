/**
 * One signature request: the revision to sign in the reader, the signing order, the verdict of
 * the signatures already on it, and (at his turn) signing with a key or returning it with a
 * comment. Loaded lazily (pdf.js).
 */
import { touchesKinds } from '../../../shared/rules/cache-changes';
import { useState, type FormEvent } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { SignatureRequestView } from '../../../shared/signing-bridge';
import type { SignResult } from '../../../shared/signing-bridge';
import { invoke, toUiError } from '../bridge';
import { ErrorBox, Loading } from '../components/Feedback';
import { errorText } from '../errors';
import { useBridgeData } from '../hooks';
import { PdfViewer } from '../pdf/PdfViewer';
import { useReaderFile } from '../pdf/useReaderFile';
import { signingHref } from './routes';
import { withModuleConfirmation } from './pkcs11-confirm';
import { StepList } from './ToSignScreen';
import { VerdictPanel } from './VerdictPanel';

export default function SignRequestScreen({ id }: { id: string }) {
  const { t } = useTranslation();
  const opened = useReaderFile(() => invoke('signing.open', { id }), [id], (c) => touchesKinds(c, ['signatureRequest']));
  const sha = opened.data?.sha256;
  const verdict = useBridgeData(() => invoke('signing.verify', { requestId: id }), [id, sha], () => false);
  return (
    <div className="page document-page signing-request-page" data-testid="sign-request-screen">
      {/* The reader's bar: back link and title on one line, so the page keeps its height for the PDF. */}
      <div className="document-bar">
        <a className="back-link" href={signingHref.list()}>
          <span aria-hidden="true">← </span>
          {t('signing.workflow.title')}
        </a>
        {opened.data && (
          <div className="document-heading">
            <h1 className="document-title" title={opened.data.request.documentTitle}>
              {opened.data.request.documentTitle}
            </h1>
          </div>
        )}
      </div>
      {opened.loading && <Loading />}
      {opened.error && <ErrorBox error={opened.error} onRetry={opened.reload} />}
      {opened.data && (
        <>
          <PdfViewer
            url={opened.data.url}
            fileName={opened.data.request.fileName}
            sidePanel={
              // It scrolls on its own: focusable so the keyboard can scroll it too.
              <aside className="signing-side" tabIndex={0} aria-label={t('signing.panel.title')}>
                <RequestFacts request={opened.data.request} onDone={opened.reload} />
                {verdict.loading && <Loading label={t('signing.panel.verifying')} />}
                {verdict.error && <ErrorBox error={verdict.error} onRetry={verdict.reload} />}
                {verdict.data && <VerdictPanel report={verdict.data} />}
              </aside>
            }
          />
        </>
      )}
    </div>
  );
}

function RequestFacts({ request, onDone }: { request: SignatureRequestView; onDone: () => void }) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<'idle' | 'sign' | 'return'>('idle');
  // The result itself is kept, not its sentence: a language switch words it again.
  const [outcome, setOutcome] = useState<{ result: SignResult; ok: string } | null>(null);
  const returned = request.steps.find((s) => s.status === 'returned');
  const finished = (result: SignResult, ok: string) => {
    setMode('idle');
    setOutcome({ result, ok });
    onDone();
  };
  const levelNote = outcome ? outcomeNotes(t, outcome.result) : null;
  return (
    <section className="request-facts">
      <p>
        <span className={`badge request-${request.status}`} data-testid="request-status">
          {t(`signing.workflow.status.${request.status}`)}
        </span>
      </p>
      {request.note && <p className="muted">{t('signing.workflow.note', { note: request.note })}</p>}
      {request.certify && <p className="muted small" data-testid="request-certify">{t('signing.workflow.certified')}</p>}
      <StepList request={request} />
      {returned && <p className="returned-comment">{t('signing.workflow.returnedComment', { comment: returned.comment })}</p>}
      {request.pendingUpload && <p className="muted">{t('signing.workflow.pendingUpload')}</p>}
      {request.refusal && (
        <p role="alert" data-testid="request-refusal">
          {refusalText(t, request.refusal)}
        </p>
      )}
      {request.myTurn && mode === 'idle' && (
        <div className="request-actions">
          <button type="button" className="btn btn-primary" onClick={() => (setMode('sign'), setOutcome(null))} data-testid="sign-open">
            {t('signing.workflow.sign')}
          </button>
          <button type="button" className="btn" onClick={() => (setMode('return'), setOutcome(null))} data-testid="return-open">
            {t('signing.workflow.return')}
          </button>
        </div>
      )}
      {mode === 'sign' && (
        <SignForm request={request} onCancel={() => setMode('idle')} onReturn={() => setMode('return')} onDone={(r) => finished(r, 'signing.workflow.signed')} />
      )}
      {mode === 'return' && <ReturnForm request={request} onCancel={() => setMode('idle')} onDone={(r) => finished(r, 'signing.workflow.returned')} />}
      {outcome && (
        <p role="status" data-testid="sign-outcome">
          {outcomeText(t, outcome.result, outcome.ok)}
        </p>
      )}
      {outcome && levelNote && (
        <p className="muted small" data-testid="sign-level">
          {levelNote}
        </p>
      )}
    </section>
  );
}

function outcomeText(t: TFunction, r: SignResult, ok: string): string {
  return r.status === 'rejected' ? refusalText(t, r.error) : r.status === 'queued' ? t('signing.workflow.queued') : t(ok);
}

/** The PAdES level reached and a timestamp that could not be had, after a signature that went through. */
function outcomeNotes(t: TFunction, r: SignResult): string | null {
  if (r.status === 'rejected') return null;
  const notes = [...(r.level ? [t('signing.workflow.levelReached', { level: r.level })] : []), ...(r.warnings?.includes('timestamp_unavailable') ? [t('signing.workflow.timestampUnavailable')] : [])];
  return notes.length > 0 ? notes.join(' ') : null;
}

/** Refusals whose own text says what to do are shown as such; others after "the server refused". */
const EXPLAINED_REFUSALS = new Set(['certificate_name_mismatch', 'signed_file_repaired']);
function refusalText(t: TFunction, error: { code: string; message: string } | null | undefined): string {
  if (error && EXPLAINED_REFUSALS.has(error.code)) return t(`errors.${error.code}`);
  // A known code is worded in the UI language; only an unexpected one quotes the server.
  const known = error && toUiError(error).code !== 'internal';
  return t('signing.workflow.refused', { message: known ? errorText(t, error) : (error?.message ?? '') });
}

function SignForm({ request, onCancel, onReturn, onDone }: { request: SignatureRequestView; onCancel: () => void; onReturn: () => void; onDone: (r: SignResult) => void }) {
  const { t } = useTranslation();
  const keys = useBridgeData(() => invoke('keys.list', {}), []);
  const [kind, setKind] = useState<'stored' | 'pkcs11'>('stored');
  const [keyId, setKeyId] = useState('');
  const [password, setPassword] = useState('');
  const [module, setModule] = useState('');
  const [tokenLabel, setTokenLabel] = useState('');
  const [title, setTitle] = useState('');
  const [clerkLayout, setClerkLayout] = useState<'' | 'seal' | 'attachment'>('');
  const [documentNumber, setDocumentNumber] = useState('');
  const [busy, setBusy] = useState(false);
  const stepRole = request.steps.find((s) => s.status === 'to_sign')?.role;
  const [error, setError] = useState<unknown>(null);
  const chosen = keyId || keys.data?.[0]?.id || '';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const key = kind === 'stored' ? { kind, keyId: chosen, password } : { kind, module, tokenLabel, pin: password };
      const input = {
        requestId: request.id,
        key,
        ...(title.trim() ? { title: title.trim() } : {}),
        ...(stepRole === 'clerk' && clerkLayout ? { clerkLayout } : {}),
        ...(stepRole === 'clerk' && documentNumber.trim() ? { documentNumber: documentNumber.trim() } : {}),
      };
      onDone(await (kind === 'pkcs11' ? withModuleConfirmation(t, module, () => invoke('signing.sign', input)) : invoke('signing.sign', input)));
    } catch (err) {
      setError(err);
    } finally {
      setPassword('');
      setBusy(false);
    }
  };

  return (
    <form className="signing-form" onSubmit={submit} data-testid="sign-form" aria-label={t('signing.workflow.signTitle')}>
      <h3>{t('signing.workflow.signTitle')}</h3>
      <fieldset className="field">
        <legend>{t('signing.workflow.keyLabel')}</legend>
        <label>
          <input type="radio" checked={kind === 'stored'} onChange={() => setKind('stored')} /> {t('signing.workflow.keyStored')}
        </label>
        <label>
          <input type="radio" checked={kind === 'pkcs11'} onChange={() => setKind('pkcs11')} /> {t('signing.workflow.keyToken')}
        </label>
      </fieldset>
      {kind === 'stored' &&
        (keys.data && keys.data.length === 0 ? (
          <p className="empty small">{t('signing.workflow.noKeys')}</p>
        ) : (
          <label className="field">
            <span>{t('signing.workflow.keyLabel')}</span>
            <select value={chosen} onChange={(e) => setKeyId(e.target.value)} data-testid="sign-key">
              {(keys.data ?? []).map((k) => (
                <option key={k.id} value={k.id}>
                  {k.label}
                  {k.expired ? ` (${t('signing.keys.expired')})` : ''}
                </option>
              ))}
            </select>
          </label>
        ))}
      {kind === 'pkcs11' && (
        <>
          <label className="field">
            <span>{t('signing.workflow.module')}</span>
            <input value={module} onChange={(e) => setModule(e.target.value)} placeholder="/usr/lib/…/libpkcs11.so" />
          </label>
          <label className="field">
            <span>{t('signing.workflow.tokenLabel')}</span>
            <input value={tokenLabel} onChange={(e) => setTokenLabel(e.target.value)} />
          </label>
        </>
      )}
      {stepRole === 'clerk' && (
        <>
          <label className="field">
            <span>{t('signing.workflow.clerkLayout')}</span>
            <select value={clerkLayout} onChange={(e) => setClerkLayout(e.target.value as '' | 'seal' | 'attachment')} data-testid="clerk-layout">
              <option value="">{t('signing.workflow.choose')}</option>
              <option value="seal">{t('signing.workflow.layoutSeal')}</option>
              <option value="attachment">{t('signing.workflow.layoutAttachment')}</option>
            </select>
          </label>
          {clerkLayout === 'attachment' && (
            <label className="field">
              <span>{t('signing.workflow.documentNumber')}</span>
              <input value={documentNumber} onChange={(e) => setDocumentNumber(e.target.value)} maxLength={120} placeholder="12/QĐ-UBND" data-testid="document-number" />
            </label>
          )}
        </>
      )}
      {stepRole === 'signer' && (
        <label className="field">
          <span>{t('signing.workflow.signatureTitle')}</span>
          <input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={300} placeholder="TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH" />
        </label>
      )}
      <label className="field">
        <span>{kind === 'stored' ? t('signing.workflow.password') : t('signing.workflow.pin')}</span>
        <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="off" required data-testid="sign-password" />
      </label>
      {error !== null && toUiError(error).code === 'signed_file_repaired' && (
        <p className="form-warning" data-testid="sign-repaired">
          {t('signing.workflow.repairedBeforeSigning')}
        </p>
      )}
      {error !== null && <p className="form-error" role="alert" data-testid="sign-error">{errorText(t, error)}</p>}
      {error !== null && toUiError(error).code === 'signed_file_repaired' && (
        <button type="button" className="btn" onClick={onReturn} data-testid="sign-return-instead">
          {t('signing.workflow.return')}
        </button>
      )}
      <div className="request-actions">
        <button type="submit" className="btn btn-primary" disabled={busy || !password || (kind === 'stored' && !chosen)} data-testid="sign-submit">
          {busy ? t('signing.workflow.signing') : t('signing.workflow.sign')}
        </button>
        <button type="button" className="btn btn-ghost" onClick={onCancel}>
          {t('signing.workflow.cancel')}
        </button>
      </div>
    </form>
  );
}

function ReturnForm({ request, onCancel, onDone }: { request: SignatureRequestView; onCancel: () => void; onDone: (r: SignResult) => void }) {
  const { t } = useTranslation();
  const [comment, setComment] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      onDone(await invoke('signing.return', { requestId: request.id, comment }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="signing-form" onSubmit={submit} data-testid="return-form">
      <label className="field">
        <span>{t('signing.workflow.returnComment')}</span>
        <textarea value={comment} onChange={(e) => setComment(e.target.value)} required maxLength={2000} rows={3} data-testid="return-comment" />
      </label>
      {error !== null && <p className="form-error" role="alert">{errorText(t, error)}</p>}
      <div className="request-actions">
        <button type="submit" className="btn btn-primary" disabled={busy || !comment.trim()} data-testid="return-submit">
          {t('signing.workflow.returnSend')}
        </button>
        <button type="button" className="btn btn-ghost" onClick={onCancel}>
          {t('signing.workflow.cancel')}
        </button>
      </div>
    </form>
  );
}
