/**
 * What a browser that has not opened the launch link sees instead of the app: what this is and
 * what to do, in Vietnamese then English. Scripts and the bridge stay refused.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { bilingualPage, escapeHtml, firstRunVi } from '../../shared/i18n/first-run';

/** A browser asking for a page (not the app's own fetches and scripts, which keep their JSON error). */
export function wantsPage(req: IncomingMessage, rawPath: string): boolean {
  const method = req.method ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD') return false;
  if (rawPath.startsWith('/bridge/') || rawPath.startsWith('/doc/')) return false;
  return (req.headers.accept ?? '').includes('text/html');
}

export function sendNoLaunchPage(res: ServerResponse, headers: Record<string, string>, linkRefused: boolean): void {
  const html = bilingualPage(firstRunVi.noLaunch.title, (m) =>
    [
      `<h1>${escapeHtml(m.noLaunch.title)}</h1>`,
      linkRefused ? `<p data-testid="link-refused"><strong>${escapeHtml(m.noLaunch.used)}</strong></p>` : '',
      `<p>${escapeHtml(m.noLaunch.what)}</p><p>${escapeHtml(m.noLaunch.why)}</p><p>${escapeHtml(m.noLaunch.todo)}</p>`,
    ].join(''),
  );
  res.writeHead(401, {
    ...headers,
    'content-type': 'text/html; charset=utf-8',
    'content-length': String(Buffer.byteLength(html)),
    'cache-control': 'no-store',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  });
  res.end(html);
}
