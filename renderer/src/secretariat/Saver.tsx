/**
 * Saving through the outbox with optimistic concurrency: shows "saved" / "queued offline" /
 * the translated refusal, and on a conflict asks the secretary to keep his version (resend on
 * the server's revision) or take theirs (the cache already holds it).
 */
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Mutation } from '../../../shared/api';
import type { SubmitResult } from '../../../shared/secretariat-bridge';
import { errorText } from '../errors';
import { submit } from './util';

type State = { kind: 'idle' | 'saving' | 'saved' | 'queued' } | { kind: 'error'; error: NonNullable<SubmitResult['error']> } | { kind: 'failed'; error: unknown };

export interface Saver {
  save: (build: (baseRevision?: number) => Mutation[]) => Promise<boolean>;
  busy: boolean;
  view: ReactNode;
}

export function useSaver(testId = 'save-status'): Saver {
  const { t } = useTranslation();
  const [state, setState] = useState<State>({ kind: 'idle' });
  const [conflict, setConflict] = useState<{ details: Record<string, unknown>; retry: () => void } | null>(null);

  const save = async (build: (baseRevision?: number) => Mutation[]): Promise<boolean> => {
    setState({ kind: 'saving' });
    try {
      const results = await submit(build());
      const bad = results.find((r) => r.status === 'rejected');
      if (bad?.error?.code === 'conflict' && bad.error.details) {
        const details = bad.error.details;
        setState({ kind: 'idle' });
        setConflict({
          details,
          retry: () => {
            setConflict(null);
            void save(() => build(Number(details.currentRevision)));
          },
        });
        return false;
      }
      if (bad?.error) {
        setState({ kind: 'error', error: bad.error });
        return false;
      }
      setState({ kind: results.some((r) => r.status === 'queued') ? 'queued' : 'saved' });
      return true;
    } catch (e) {
      setState({ kind: 'failed', error: e });
      return false;
    }
  };

  const summary = (current: unknown) => {
    const c = (current ?? {}) as Record<string, unknown>;
    return String(c.title ?? c.body ?? c.fullName ?? '').slice(0, 200);
  };

  const view = (
    <>
      {state.kind !== 'idle' && (
        <p className={`save-status save-${state.kind}`} data-testid={testId} data-state={state.kind} role={state.kind === 'error' || state.kind === 'failed' ? 'alert' : 'status'}>
          {state.kind === 'saving' && t('secretariat.editor.saving')}
          {state.kind === 'saved' && t('secretariat.editor.saved')}
          {state.kind === 'queued' && t('secretariat.editor.queued')}
          {state.kind === 'error' && <RefusalText error={state.error} />}
          {state.kind === 'failed' && errorText(t, state.error)}
        </p>
      )}
      {conflict && (
        <div className="conflict-dialog" role="alertdialog" aria-labelledby="conflict-title" data-testid="conflict-dialog">
          <h3 id="conflict-title">{t('secretariat.conflict.title')}</h3>
          <p>{t('secretariat.conflict.body')}</p>
          <p className="muted">{t('secretariat.conflict.theirs', { summary: summary(conflict.details.current) })}</p>
          <div className="row-actions">
            <button type="button" className="btn btn-primary" onClick={conflict.retry} data-testid="conflict-keep-mine">
              {t('secretariat.conflict.keepMine')}
            </button>
            <button type="button" className="btn" onClick={() => setConflict(null)} data-testid="conflict-take-theirs">
              {t('secretariat.conflict.takeTheirs')}
            </button>
          </div>
        </div>
      )}
    </>
  );
  return { save, busy: state.kind === 'saving', view };
}

/** A refusal in words; a publish refusal lists every reason. */
export function RefusalText({ error }: { error: NonNullable<SubmitResult['error']> }) {
  const { t } = useTranslation();
  const reasons = error.details?.reasons;
  if (Array.isArray(reasons) && reasons.length) {
    return (
      <span data-testid="publish-refusal">
        {t('secretariat.publish.reasons')} {reasons.map((r) => t(`secretariat.publish.${String(r)}`)).join('; ')}.
      </span>
    );
  }
  return <span>{errorText(t, error)}</span>;
}
