/** The meeting's documents: where new files go (an agenda item or the whole meeting) and as what classification, the drop zone, and the list. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LocalDocument, MeetingDetail } from '../../../../shared/bridge';
import type { Classification, UserProfile } from '../../../../shared/entities';
import type { MeetingExtras } from '../../../../shared/secretariat-bridge';
import { DocumentUploader } from '../DocumentUploader';
import { documentMutations } from '../mutations';
import { useSaver } from '../Saver';
import { newId } from '../util';
import { DocumentRow } from './DocumentRow';
import { ClassificationOptions } from './SelectOptions';

export function DocumentsSection({ detail, users, extras }: { detail: MeetingDetail; users: UserProfile[]; extras: MeetingExtras }) {
  const { t } = useTranslation();
  const saver = useSaver('documents-save-status');
  const m = detail.meeting;
  const items = [...detail.agenda].sort((a, b) => a.item.position - b.item.position);
  const [target, setTarget] = useState<string>('');
  const [classification, setClassification] = useState<Classification>('internal');
  const all: LocalDocument[] = [...detail.agenda.flatMap((a) => a.documents), ...detail.documents];
  const usersById = new Map(users.map((u) => [u.id, u]));
  const participants = detail.participants.map((p) => p.participant.userId);

  return (
    <section className="editor-section" aria-labelledby="sec-documents">
      <h2 id="sec-documents">{t('secretariat.documents.title')}</h2>
      <div className="edit-row">
        <label className="inline-label">
          {t('secretariat.documents.target')}{' '}
          <select value={target} onChange={(e) => setTarget(e.target.value)} data-testid="upload-target">
            <option value="">{t('secretariat.documents.meetingWide')}</option>
            {items.map(({ item }) => (
              <option key={item.id} value={item.id}>
                {item.position}. {item.title}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-label">
          {t('secretariat.documents.classification')}{' '}
          <select value={classification} onChange={(e) => setClassification(e.target.value as Classification)} data-testid="upload-classification">
            <ClassificationOptions />
          </select>
        </label>
      </div>
      <DocumentUploader
        testId="document-drop"
        onUploaded={(file) =>
          saver.save(() => [
            documentMutations.upsert({
              id: newId(),
              meetingId: m.id,
              agendaItemId: target || null,
              title: file.fileName.replace(/\.[^.]+$/, ''),
              fileName: file.fileName.replace(/\.[^.]+$/, '.pdf'),
              sha256: file.sha256,
              classification,
              allowPrint: null,
              allowDownload: null,
            }),
          ])
        }
      />
      {all.length === 0 && <p className="empty small">{t('secretariat.documents.empty')}</p>}
      <ul className="edit-list">
        {all.map((d) => (
          <DocumentRow
            key={d.id}
            document={d}
            versions={extras.versions.filter((v) => v.documentId === d.id).length}
            participants={participants}
            usersById={usersById}
            saver={saver}
          />
        ))}
      </ul>
      {saver.view}
    </section>
  );
}
