/** OpenedDocument.url in browser mode: a same-origin path the host serves (see serveDocument). */
export function browserDocumentUrl(sha256: string): string {
  return '/doc/' + sha256;
}
