/**
 * The app's addresses (#/meetings, #/meetings/:id, #/documents/:id…): parsed and written here, with
 * no React and no DOM, so that the boot script (pdf/early-worker-boot.ts) reads them too; the
 * hooks that follow them are in router.ts.
 */
import { parseSecretariatRoute, type SecretariatRoute } from './secretariat/routes';
import { parseSigningRoute, type SigningRoute } from './signing/routes';
import { parseLiveRoute, type LiveRoute } from './live/routes';
import { parseOpinionsRoute, type OpinionsRoute } from './written-opinions/routes';
import { parseVersionsRoute, type VersionsRoute } from './versions/routes';

export type Route =
  | { name: 'meetings' }
  | { name: 'meeting'; id: string }
  | { name: 'document'; id: string; page?: number; find?: string; change?: number }
  | { name: 'search'; q: string }
  | SecretariatRoute
  | SigningRoute
  | LiveRoute
  | OpinionsRoute
  | VersionsRoute
  | { name: 'admin' }
  | { name: 'notFound' };

export function parseRoute(hash: string): Route {
  const [rawPath, query = ''] = hash.replace(/^#/, '').split('?', 2);
  const path = rawPath.replace(/\/+$/, '');
  // Reader: #/search?q=…, and #/documents/:id?page=N&find=… (opening at a search hit).
  const params = new URLSearchParams(query);
  if (path === '/search') return { name: 'search', q: params.get('q') ?? '' };
  if (path === '' || path === '/' || path === '/meetings') return { name: 'meetings' };
  if (path === '/admin') return { name: 'admin' };
  // Secretariat, notices: #/secretariat…, #/notices…
  const secretariat = parseSecretariatRoute(path);
  if (secretariat) return secretariat;
  // Signing workflow, keys, verification: #/signing…, #/signing-keys, #/verify/:documentId
  const signing = parseSigningRoute(path);
  if (signing) return signing;
  // Live meeting: #/meetings/:id/live
  const live = parseLiveRoute(path);
  if (live) return live;
  // Written opinions: #/opinions, #/opinions/new, #/opinions/:id, #/opinions/:id/file/:sha256
  const opinions = parseOpinionsRoute(path);
  if (opinions) return opinions;
  // What changed since the previous version: #/documents/:id/changes
  const versions = parseVersionsRoute(path);
  if (versions) return versions;
  const m = /^\/(meetings|documents)\/([^/]+)$/.exec(path);
  if (m) {
    const id = decodeURIComponent(m[2]);
    return m[1] === 'meetings' ? { name: 'meeting', id } : { name: 'document', id, ...documentParams(params) };
  }
  return { name: 'notFound' };
}

export const hrefFor = {
  meetings: () => '#/meetings',
  meeting: (id: string) => `#/meetings/${encodeURIComponent(id)}`,
  document: (id: string, at?: { page?: number; find?: string; change?: number }) => `#/documents/${encodeURIComponent(id)}${documentQuery(at)}`,
  search: (q: string) => `#/search?q=${encodeURIComponent(q)}`,
  admin: () => '#/admin',
};

function documentParams(params: URLSearchParams): { page?: number; find?: string; change?: number } {
  const page = Number(params.get('page'));
  const find = params.get('find');
  // A change since the previous version to show (#/documents/:id?page=N&change=K).
  const change = Number(params.get('change'));
  return { ...(Number.isInteger(page) && page >= 1 ? { page } : {}), ...(find ? { find } : {}), ...(Number.isInteger(change) && change >= 1 ? { change } : {}) };
}

function documentQuery(at?: { page?: number; find?: string; change?: number }): string {
  const params = new URLSearchParams();
  if (at?.page) params.set('page', String(at.page));
  if (at?.find) params.set('find', at.find);
  if (at?.change) params.set('change', String(at.change));
  const q = params.toString();
  return q ? `?${q}` : '';
}
