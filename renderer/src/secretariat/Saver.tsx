/**
 * Saving through the outbox with optimistic concurrency: shows "saved" / "queued offline" /
 * the translated refusal, and on a conflict asks the secretary (ConflictDialog) to keep his
 * version (resend on the server's revision) or take theirs (the cache already holds it).
 */
import { useCallback, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SubmitResult } from '../../../shared/secretariat-bridge';
import { errorText } from '../errors';
import type { MutationInput } from '../mutations';
import { ConflictDialog, type Conflict } from './ConflictDialog';
import { submit } from './util';

type State = { kind: 'idle' | 'saving' | 'saved' | 'queued' } | { kind: 'error'; error: NonNullable<SubmitResult['error']> } | { kind: 'failed'; error: unknown };

export interface Saver {
  save: (build: (baseRevision?: number) => MutationInput[]) => Promise<boolean>;
  busy: boolean;
  view: ReactNode;
  /** Forgets the last outcome (e.g. a refusal whose cause was just fixed). */
  reset: () => void;
}

export function useSaver(testId = 'save-status'): Saver {
  const { t } = useTranslation();
  const [state, setState] = useState<State>({ kind: 'idle' });
  const [conflict, setConflict] = useState<Conflict | null>(null);

  const save = async (build: (baseRevision?: number) => MutationInput[]): Promise<boolean> => {
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
      {conflict && <ConflictDialog conflict={conflict} onTakeTheirs={() => setConflict(null)} />}
    </>
  );
  const reset = useCallback(() => setState({ kind: 'idle' }), []);
  return { save, busy: state.kind === 'saving', view, reset };
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
