/** Hash routes of the written-opinion screens (parsed in renderer/src/routes.ts). */
export const opinionsHref = {
  inbox: () => '#/opinions',
  send: () => '#/opinions/new',
  request: (id: string) => `#/opinions/${encodeURIComponent(id)}`,
  file: (id: string, sha256: string) => `#/opinions/${encodeURIComponent(id)}/file/${sha256}`,
};

export type OpinionsRoute =
  | { name: 'opinions' }
  | { name: 'opinionsSend' }
  | { name: 'opinionRequest'; id: string }
  | { name: 'opinionFile'; id: string; sha256: string };

export function parseOpinionsRoute(path: string): OpinionsRoute | null {
  if (path === '/opinions') return { name: 'opinions' };
  if (path === '/opinions/new') return { name: 'opinionsSend' };
  const file = /^\/opinions\/([^/]+)\/file\/([0-9a-f]{64})$/.exec(path);
  if (file) return { name: 'opinionFile', id: decodeURIComponent(file[1]), sha256: file[2] };
  const m = /^\/opinions\/([^/]+)$/.exec(path);
  return m ? { name: 'opinionRequest', id: decodeURIComponent(m[1]) } : null;
}
