/** Closing a meeting (after a confirmation) and downloading its archive zip. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingDetail } from '../../../../shared/bridge';
import { invoke } from '../../bridge';
import { errorText } from '../../errors';
import { meetingMutations } from '../mutations';
import { useSaver } from '../Saver';
import { download } from '../util';

export function CloseSection({ detail }: { detail: MeetingDetail }) {
  const { t } = useTranslation();
  const saver = useSaver('close-status');
  const [archiveError, setArchiveError] = useState<unknown>(null);
  const m = detail.meeting;
  const archive = async () => {
    setArchiveError(null);
    try {
      const z = await invoke('secretariat.archive', { meetingId: m.id });
      download(z.fileName, { base64: z.base64 }, 'application/zip');
    } catch (e) {
      setArchiveError(e);
    }
  };
  return (
    <section className="editor-section" aria-labelledby="sec-close">
      <h2 id="sec-close">{t('secretariat.close.title')}</h2>
      <div className="row-actions">
        {m.status !== 'closed' && m.status !== 'draft' && (
          <button
            type="button"
            className="btn"
            onClick={() => window.confirm(t('secretariat.close.confirm')) && void saver.save((b) => [meetingMutations.close(m.id, b ?? m.revision)])}
            data-testid="close-meeting"
          >
            {t('secretariat.close.button')}
          </button>
        )}
        <button type="button" className="btn" onClick={archive} data-testid="archive-meeting">
          {t('secretariat.close.archive')}
        </button>
      </div>
      {archiveError !== null && <p role="alert" className="save-status save-error">{errorText(t, archiveError)}</p>}
      {saver.view}
    </section>
  );
}
