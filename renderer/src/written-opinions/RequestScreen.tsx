/**
 * One written opinion request: the question with its documents, the deadline countdown, the
 * member's answer form and what became of his answer; for the secretariat (and the chair, and
 * everyone once final) the progress, then the result and the summary PDF.
 */
import { useState, type FormEvent } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { WrittenAnswerChoice } from '../../../shared/written-opinions';
import type { OpinionRequestView } from '../../../shared/written-opinions-bridge';
import { invoke } from '../bridge';
import { ErrorBox, Loading } from '../components/Feedback';
import { errorText } from '../errors';
import { toUiError } from '../bridge';
import { errorMessage, keyMessage, messageText, type UiMessage } from '../components/ui-message';
import { formatDate, formatDateTime } from '../format';
import { changesOpinions } from '../../../shared/rules/cache-changes';
import { useBridgeData } from '../hooks';
import { currentLocale } from '../i18n';
import { Countdown, MyState } from './parts';
import { opinionsHref } from './routes';

const CHOICES: WrittenAnswerChoice[] = ['agree', 'disagree', 'other'];

/** Why the server did not record an answer: in the UI language when the code is known, else its own words. */
const refusalWords = (t: TFunction, refusal: { code: string; message: string }) => (toUiError(refusal).code === 'internal' ? refusal.message : errorText(t, refusal));

export function RequestScreen({ id }: { id: string }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const { data: r, error, loading, reload } = useBridgeData(() => invoke('opinions.get', { id }), [id], changesOpinions);
  return (
    <div className="page" data-testid="opinion-request" data-request-id={id}>
      <a className="back-link" href={opinionsHref.inbox()}>
        <span aria-hidden="true">← </span>
        {t('app.back')}
      </a>
      {loading && <Loading />}
      {error && <ErrorBox error={error} onRetry={reload} />}
      {r && (
        <>
          <div className="opinion-head">
            <h1 className="page-title" data-testid="opinion-title">{r.title}</h1>
            <span className={`badge opinion-${r.status}`} data-testid="opinion-status">{t(`writtenOpinions.status.${r.status}`)}</span>
          </div>
          <p className="muted">
            {t('writtenOpinions.sentBy', { date: formatDate(r.sentAt, locale), chair: (r.instructedBy && r.names[r.instructedBy]) || '—' })}
          </p>
          <p>
            <strong>{t('writtenOpinions.deadline', { date: formatDateTime(r.deadline, locale) })}</strong> · <Countdown deadline={r.deadline} />
          </p>
          {r.reminded && r.open && (
            <p className="opinion-reminder" role="status" data-testid="opinion-reminder">
              {t('writtenOpinions.reminder')}
            </p>
          )}
          <h2>{t('writtenOpinions.question')}</h2>
          <p className="opinion-question">{r.question}</p>
          <h2>{t('writtenOpinions.documents')}</h2>
          {r.attachments.length === 0 ? (
            <p className="empty small">{t('writtenOpinions.noDocuments')}</p>
          ) : (
            <ul data-testid="opinion-documents">
              {r.attachments.map((a) => (
                <li key={a.sha256}>
                  <a href={opinionsHref.file(r.id, a.sha256)} data-testid="opinion-document">
                    {a.title}
                  </a>{' '}
                  <span className="muted small">({a.fileName})</span>
                </li>
              ))}
            </ul>
          )}
          {r.asked ? <AnswerPanel view={r} onChanged={reload} /> : null}
          <Results view={r} />
        </>
      )}
    </div>
  );
}

function AnswerPanel({ view, onChanged }: { view: OpinionRequestView; onChanged: () => void }) {
  const { t } = useTranslation();
  const [choice, setChoice] = useState<WrittenAnswerChoice | null>(view.mine.answer);
  const [comment, setComment] = useState(view.mine.comment);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<UiMessage | null>(null);
  const canAnswer = view.open && view.status === 'open';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!choice) return;
    if (choice === 'other' && !comment.trim()) return setProblem(keyMessage('writtenOpinions.commentRequired'));
    setBusy(true);
    setProblem(null);
    invoke('opinions.answer', { requestId: view.id, answer: choice, comment: comment.trim() })
      .then(onChanged, (err: unknown) => setProblem(errorMessage(err)))
      .finally(() => setBusy(false));
  };
  return (
    <section>
      <h2>{t('writtenOpinions.yourAnswer')}</h2>
      <MyState view={view} />
      {view.mine.state === 'refused' && view.mine.refusal && (
        <p className="opinion-state-refused" role="alert" data-testid="opinion-refusal">
          {t('writtenOpinions.refusedDetail', { message: refusalWords(t, view.mine.refusal) })}
        </p>
      )}
      {canAnswer && (
        <form className="opinion-form" onSubmit={submit} data-testid="opinion-answer-form">
          <div className="opinion-choices" role="radiogroup" aria-label={t('writtenOpinions.yourAnswer')}>
            {CHOICES.map((c) => (
              <label key={c}>
                <input type="radio" name="opinion-choice" value={c} checked={choice === c} onChange={() => setChoice(c)} data-testid={`opinion-choice-${c}`} />{' '}
                {t(`writtenOpinions.answer.${c}`)}
              </label>
            ))}
          </div>
          <label className="field">
            <span>{t('writtenOpinions.comment')}</span>
            <textarea rows={3} maxLength={4000} value={comment} onChange={(e) => setComment(e.target.value)} data-testid="opinion-comment" />
          </label>
          {problem && (
            <p className="error" role="alert">
              {messageText(t, problem)}
            </p>
          )}
          <div>
            <button type="submit" className="btn btn-primary" disabled={!choice || busy} data-testid="opinion-submit">
              {view.mine.state === 'none' ? t('writtenOpinions.submit') : t('writtenOpinions.change')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

function Results({ view: r }: { view: OpinionRequestView }) {
  const { t, i18n } = useTranslation();
  const locale = currentLocale();
  // A member sees only his own row until the request is final; the secretariat and the chair see all.
  if (r.recipients.length < r.recipientCount && !r.summary) return null;
  const lang = i18n.language === 'en' ? 'en' : 'vi';
  const summaryOf = new Map((r.summary?.members ?? []).map((m) => [m.userId, m]));
  const line = (userId: string): string => {
    const rec = r.recipients.find((x) => x.userId === userId);
    const sm = summaryOf.get(userId);
    const answer = sm ? sm.answer : (rec?.answer ?? null);
    const comment = sm ? sm.comment : (rec?.comment ?? '');
    if (answer) return `${t(`writtenOpinions.answer.${answer}`)}${comment ? ` — ${comment}` : ''}`;
    if (sm) return sm.bySilence ? t('writtenOpinions.noAnswerSilence') : t('writtenOpinions.noAnswerNotCounted');
    return `${t('writtenOpinions.noAnswer')}${rec?.remindedAt ? ` (${t('writtenOpinions.reminded')} ${formatDateTime(rec.remindedAt, locale)})` : ''}`;
  };
  const people = [...new Set([...r.recipients.map((x) => x.userId), ...summaryOf.keys()])].sort((a, b) => (r.names[a] ?? a).localeCompare(r.names[b] ?? b, 'vi'));
  return (
    <section data-testid="opinion-results">
      <h2>{r.summary ? t('writtenOpinions.result.title') : t('writtenOpinions.members')}</h2>
      <p data-testid="opinion-progress">{t('writtenOpinions.progress', { answered: r.answeredCount, total: r.recipientCount })}</p>
      <p className="muted small">{r.silenceAsConsent ? t('writtenOpinions.silenceRule.on') : t('writtenOpinions.silenceRule.off')}</p>
      {r.summary && (
        <>
          <p className={r.summary.passed ? 'opinion-result-passed' : 'opinion-result-failed'} data-testid="opinion-result">
            {r.summary.passed ? t('writtenOpinions.result.passed') : t('writtenOpinions.result.failed')}
          </p>
          <p>{t('writtenOpinions.counts', r.summary.counts)}</p>
          <p className="muted">{r.summary.explanation[lang]}</p>
          {r.summarySha256 && (
            <a className="btn" href={opinionsHref.file(r.id, r.summarySha256)} data-testid="opinion-summary-pdf">
              {t('writtenOpinions.summaryPdf')}
            </a>
          )}
        </>
      )}
      <div className="opinion-members" data-testid="opinion-members">
        {people.map((u) => (
          <div key={u} style={{ display: 'contents' }} data-testid="opinion-member" data-user-id={u}>
            <span>{r.names[u] ?? u}</span>
            <span data-testid="opinion-member-answer">{line(u)}</span>
          </div>
        ))}
      </div>
    </section>
  );
}
