/**
 * The secretariat's form: on the chair's instruction, a question with documents and a deadline
 * (default: the configured number of working days) to every member, or to chosen members.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { UploadedFile } from '../../../shared/secretariat-bridge';
import { invoke } from '../bridge';
import { ErrorBox, Loading } from '../components/Feedback';
import { errorMessage, keyMessage, messageText, type UiMessage } from '../components/ui-message';
import { useBridgeData } from '../hooks';
import { navigate } from '../router';
import { DocumentUploader } from '../secretariat/DocumentUploader';
import { DateTimeField } from '../forms/DateTimeField';
import { opinionsHref } from './routes';
import type { SessionInfo } from '../../../shared/bridge';
import { ActingOrganisation } from '../components/ActiveOrganisation';

export function SendScreen({ session }: { session: SessionInfo }) {
  const { t } = useTranslation();
  const { data: d, error, loading, reload } = useBridgeData(() => invoke('opinions.defaults', {}), [], () => false);
  const [title, setTitle] = useState('');
  const [question, setQuestion] = useState('');
  const [chair, setChair] = useState('');
  const [deadline, setDeadline] = useState<string | null>('');
  const [silence, setSilence] = useState(true);
  const [everyone, setEveryone] = useState(true);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [files, setFiles] = useState<UploadedFile[]>([]);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<UiMessage | null>(null);

  useEffect(() => {
    if (!d) return;
    setDeadline(d.deadline);
    setSilence(d.silenceAsConsent);
    if (d.chairs.length === 1) setChair(d.chairs[0].id);
  }, [d]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!title.trim() || !question.trim() || !chair) return setProblem(keyMessage('writtenOpinions.send.missing'));
    if (deadline === null) return setProblem(keyMessage('forms.date.invalidDateTime'));
    setBusy(true);
    setProblem(null);
    invoke('opinions.send', {
      title: title.trim(),
      question: question.trim(),
      instructedBy: chair,
      deadline: deadline || undefined,
      silenceAsConsent: silence,
      attachments: files.map((f) => ({ sha256: f.sha256, fileName: f.fileName, title: f.fileName.replace(/\.pdf$/i, '') })),
      ...(everyone ? {} : { recipientIds: [...chosen] }),
    })
      .then(({ id }) => navigate(opinionsHref.request(id)), (err: unknown) => setProblem(errorMessage(err)))
      .finally(() => setBusy(false));
  };

  return (
    <div className="page" data-testid="opinion-send">
      <a className="back-link" href={opinionsHref.inbox()}>
        <span aria-hidden="true">← </span>
        {t('app.back')}
      </a>
      <h1 className="page-title">{t('writtenOpinions.send.title')}</h1>
      <ActingOrganisation session={session} />
      {loading && <Loading />}
      {error && <ErrorBox error={error} onRetry={reload} />}
      {d && (
        <form className="opinion-form" onSubmit={submit}>
          <label className="field">
            <span>{t('writtenOpinions.send.subject')}</span>
            <input value={title} maxLength={500} onChange={(e) => setTitle(e.target.value)} data-testid="opinion-send-title" />
          </label>
          <label className="field">
            <span>{t('writtenOpinions.send.question')}</span>
            <textarea rows={5} maxLength={10000} value={question} onChange={(e) => setQuestion(e.target.value)} data-testid="opinion-send-question" />
          </label>
          <label className="field">
            <span>{t('writtenOpinions.send.chair')}</span>
            <select value={chair} onChange={(e) => setChair(e.target.value)} data-testid="opinion-send-chair">
              <option value="">{t('writtenOpinions.send.chooseChair')}</option>
              {d.chairs.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.fullName}
                </option>
              ))}
            </select>
          </label>
          <DateTimeField kind="dateTime" label={t('writtenOpinions.send.deadline')} value={deadline} onChange={setDeadline} testId="opinion-send-deadline" />
          <p className="muted small">{t('writtenOpinions.send.deadlineHint', { days: d.deadlineWorkingDays })}</p>
          <label>
            <input type="checkbox" checked={silence} onChange={(e) => setSilence(e.target.checked)} data-testid="opinion-send-silence" /> {t('writtenOpinions.send.silence')}
          </label>
          <fieldset>
            <legend>{t('writtenOpinions.send.recipients')}</legend>
            <label>
              <input type="radio" checked={everyone} onChange={() => setEveryone(true)} /> {t('writtenOpinions.send.allMembers')}
            </label>{' '}
            <label>
              <input type="radio" checked={!everyone} onChange={() => setEveryone(false)} data-testid="opinion-send-choose" /> {t('writtenOpinions.send.chosenMembers')}
            </label>
            {!everyone && (
              <div>
                {d.members.map((m) => (
                  <label key={m.id} style={{ display: 'block' }}>
                    <input
                      type="checkbox"
                      checked={chosen.has(m.id)}
                      onChange={(e) =>
                        setChosen((s) => {
                          const next = new Set(s);
                          if (e.target.checked) next.add(m.id);
                          else next.delete(m.id);
                          return next;
                        })
                      }
                    />{' '}
                    {m.fullName}
                  </label>
                ))}
              </div>
            )}
          </fieldset>
          <div className="field">
            <span>{t('writtenOpinions.send.documents')}</span>
            <DocumentUploader compact onUploaded={(f) => setFiles((fs) => [...fs, f])} testId="opinion-send-upload" />
            <ul>
              {files.map((f) => (
                <li key={f.sha256}>{f.fileName}</li>
              ))}
            </ul>
          </div>
          {problem && (
            <p className="error" role="alert">
              {messageText(t, problem)}
            </p>
          )}
          <div>
            <button type="submit" className="btn btn-primary" disabled={busy} data-testid="opinion-send-submit">
              {t('writtenOpinions.send.submit')}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
