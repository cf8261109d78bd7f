/**
 * `/`: someone who opens the server's address in a browser gets a short page saying what it is
 * and where the app is, rather than a JSON error.
 */
import type { FastifyInstance } from 'fastify';
import { bilingualPage, escapeHtml, firstRunVi } from '../../shared/i18n/first-run';
import type { ServerContext } from './context';

export function homePage(appUrl: string | undefined): string {
  return bilingualPage(firstRunVi.home.title, (m) => {
    const app = appUrl ? `<p><a data-link="app" href="${escapeHtml(appUrl)}">${escapeHtml(m.home.openApp)}</a></p>` : '';
    return (
      `<h1>${escapeHtml(m.home.title)}</h1><p>${escapeHtml(m.home.what)}</p>${app}<p>${escapeHtml(m.home.howApp)}</p>` +
      `<p><a href="/api/openapi.json">${escapeHtml(m.home.api)}</a> · <a href="/api/health">${escapeHtml(m.home.health)}</a></p>`
    );
  });
}

export async function homeRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const page = homePage(ctx.appUrl);
  app.get('/', { schema: { hide: true } }, async (_req, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
      .send(page),
  );
}
