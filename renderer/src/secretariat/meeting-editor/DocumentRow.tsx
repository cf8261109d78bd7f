/** One document in the editor: link, its title (prefilled from the file name, editable), version count, classification, new version upload, removal, print/download permissions, confidential readers. */
import { useTranslation } from 'react-i18next';
import { useSourcedForm } from '../../forms/sourced-form';
import type { LocalDocument } from '../../../../shared/bridge';
import type { Classification, UserProfile } from '../../../../shared/entities';
import { hrefFor } from '../../router';
import { DocumentPermissionsEditor, type PermissionPatch } from '../DocumentPermissionsEditor';
import { DocumentUploader } from '../DocumentUploader';
import { documentMutations } from '../mutations';
import type { Saver } from '../Saver';
import { ClassificationOptions } from './SelectOptions';
import { OcrState } from './OcrState';

type DocumentChange = Partial<{ title: string; classification: Classification; readerIds: string[]; sha256: string; fileName: string; agendaItemId: string | null }> & PermissionPatch;

/** The document as it is, with `over` applied, on the revision the change was decided on. */
function documentUpsert(d: LocalDocument, over: DocumentChange, base?: number) {
  return documentMutations.upsert({
    id: d.id,
    meetingId: d.meetingId,
    agendaItemId: over.agendaItemId !== undefined ? over.agendaItemId : d.agendaItemId,
    title: over.title ?? d.title,
    fileName: over.fileName ?? d.fileName,
    sha256: over.sha256 ?? d.sha256,
    classification: over.classification ?? d.classification,
    allowPrint: over.allowPrint !== undefined ? over.allowPrint : d.allowPrint,
    allowDownload: over.allowDownload !== undefined ? over.allowDownload : d.allowDownload,
    ...(over.readerIds ? { readerIds: over.readerIds } : {}),
    baseRevision: base ?? d.revision,
  });
}

interface Props {
  document: LocalDocument;
  /** How many versions the document has had. */
  versions: number;
  /** Participants' user ids: who may be named a reader of a confidential document. */
  participants: string[];
  usersById: Map<string, UserProfile>;
  saver: Saver;
}

export function DocumentRow({ document: d, versions, participants, usersById, saver }: Props) {
  const { t } = useTranslation();
  const change = (over: DocumentChange) => saver.save((b) => [documentUpsert(d, over, b)]);
  return (
    <li className="edit-col" data-testid="editor-document">
      <div className="edit-row">
        <a className="grow" href={hrefFor.document(d.id)}>
          {d.title}
        </a>
        <span className="muted small">
          {t('document.version', { version: d.version })}
          {versions > 1 ? ` · ${t('secretariat.documents.versions', { count: versions })}` : ''}
        </span>
        <OcrState sha256={d.sha256} />
        <select aria-label={t('secretariat.documents.classification')} value={d.classification} onChange={(e) => change({ classification: e.target.value as Classification })}>
          <ClassificationOptions />
        </select>
        <DocumentUploader compact label={t('secretariat.documents.newVersion')} onUploaded={(file) => change({ sha256: file.sha256, fileName: file.fileName })} />
        <button type="button" className="btn btn-small" onClick={() => saver.save((b) => [documentMutations.remove(d.id, b ?? d.revision)])}>
          {t('secretariat.documents.remove')}
        </button>
      </div>
      <DocumentTitleField document={d} onSave={(title) => change({ title })} />
      <DocumentPermissionsEditor classification={d.classification} allowPrint={d.allowPrint} allowDownload={d.allowDownload} onChange={(patch) => change(patch)} />
      {d.classification === 'confidential' && (
        <fieldset className="readers">
          <legend>{t('secretariat.documents.readers')}</legend>
          {participants.map((uid) => (
            <label key={uid} className="inline-label">
              <input
                type="checkbox"
                checked={d.readerIds.includes(uid)}
                onChange={(e) => change({ readerIds: e.target.checked ? [...d.readerIds, uid] : d.readerIds.filter((x) => x !== uid) })}
              />{' '}
              {usersById.get(uid)?.fullName ?? uid}
            </label>
          ))}
        </fieldset>
      )}
    </li>
  );
}

/** The title members see, taken from the file name at upload; saved when the field is left, never empty. */
function DocumentTitleField({ document: d, onSave }: { document: LocalDocument; onSave: (title: string) => unknown }) {
  const { t } = useTranslation();
  // A saved or synced change of the document refreshes the title unless it is being edited.
  const { form, set } = useSourcedForm({ title: d.title }, d.revision);
  const title = form.title;
  const empty = title.trim() === '';
  return (
    <label className="field document-title-field">
      <span>{t('forms.documentTitle')}</span>
      <input
        value={title}
        maxLength={500}
        onChange={(e) => set('title', e.target.value)}
        onBlur={() => !empty && title.trim() !== d.title && onSave(title.trim())}
        onKeyDown={(e) => e.key === 'Enter' && e.currentTarget.blur()}
        aria-invalid={empty ? true : undefined}
        title={t('forms.documentTitleHint')}
        data-testid="document-title"
      />
      {empty && (
        <small className="field-error" data-testid="document-title-error">
          {t('forms.required', { field: t('forms.documentTitle').toLowerCase() })}
        </small>
      )}
    </label>
  );
}
