/** Asks the secretary what to do when someone else saved first: keep his version (resend) or take theirs. */
import { useTranslation } from 'react-i18next';

export interface Conflict {
  /** The refusal's details: `current` is the row as the server has it now. */
  details: Record<string, unknown>;
  /** Resends the change on the server's current revision. */
  retry: () => void;
}

/** A short line naming the other version (its title, body or person), for the dialog. */
function summary(current: unknown): string {
  const c = (current ?? {}) as Record<string, unknown>;
  return String(c.title ?? c.body ?? c.fullName ?? '').slice(0, 200);
}

export function ConflictDialog({ conflict, onTakeTheirs }: { conflict: Conflict; onTakeTheirs: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="conflict-dialog" role="alertdialog" aria-labelledby="conflict-title" data-testid="conflict-dialog">
      <h3 id="conflict-title">{t('secretariat.conflict.title')}</h3>
      <p>{t('secretariat.conflict.body')}</p>
      <p className="muted">{t('secretariat.conflict.theirs', { summary: summary(conflict.details.current) })}</p>
      <div className="row-actions">
        <button type="button" className="btn btn-primary" onClick={conflict.retry} data-testid="conflict-keep-mine">
          {t('secretariat.conflict.keepMine')}
        </button>
        <button type="button" className="btn" onClick={onTakeTheirs} data-testid="conflict-take-theirs">
          {t('secretariat.conflict.takeTheirs')}
        </button>
      </div>
    </div>
  );
}
