/** Ways to the changes view: a document row of a document with more than one version, and a "new version" line of what changed. */
import { useTranslation } from 'react-i18next';
import type { DocumentVersion, MeetingChange } from '../../../shared/secretariat';
import { versionChangesHref } from './routes';
import './versions.css';

export function VersionChangesLink({ documentId, version }: { documentId: string; version: number }) {
  const { t } = useTranslation();
  if (version < 2) return null;
  return (
    <a className="version-changes-link" href={versionChangesHref(documentId)} data-testid="version-changes-link" data-document-id={documentId}>
      {t('versions.open')}
    </a>
  );
}

/**
 * On a "new version" line: the version row written with it (same meeting, same moment) names
 * the document; none (a confidential document this member does not read) means no link.
 */
export function NewVersionChangesLink({ change, versions }: { change: MeetingChange; versions: readonly DocumentVersion[] }) {
  if (change.change !== 'document.newVersion') return null;
  const v = versions.find((x) => x.meetingId === change.meetingId && x.createdAt === change.at && x.version > 1);
  return v ? (
    <>
      {' '}
      <VersionChangesLink documentId={v.documentId} version={v.version} />
    </>
  ) : null;
}
