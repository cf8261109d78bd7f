/** Route of "what changed since the previous version": #/documents/:id/changes. */
export type VersionsRoute = { name: 'versionChanges'; id: string };

export function parseVersionsRoute(path: string): VersionsRoute | null {
  const m = /^\/documents\/([^/]+)\/changes$/.exec(path);
  return m ? { name: 'versionChanges', id: decodeURIComponent(m[1]) } : null;
}

export const versionChangesHref = (documentId: string) => `#/documents/${encodeURIComponent(documentId)}/changes`;
