/** Hash routes of signing's screens (parsed in renderer/src/routes.ts). */
export const signingHref = {
  list: () => '#/signing',
  request: (id: string) => `#/signing/${encodeURIComponent(id)}`,
  keys: () => '#/signing-keys',
  verify: (documentId: string) => `#/verify/${encodeURIComponent(documentId)}`,
};

export type SigningRoute =
  | { name: 'signing' }
  | { name: 'signingRequest'; id: string }
  | { name: 'signingKeys' }
  | { name: 'verifyDocument'; id: string };

export function parseSigningRoute(path: string): SigningRoute | null {
  if (path === '/signing') return { name: 'signing' };
  if (path === '/signing-keys') return { name: 'signingKeys' };
  const m = /^\/(signing|verify)\/([^/]+)$/.exec(path);
  if (!m) return null;
  const id = decodeURIComponent(m[2]);
  return m[1] === 'signing' ? { name: 'signingRequest', id } : { name: 'verifyDocument', id };
}
