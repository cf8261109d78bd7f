/** Hash routes of the secretariat's screens (parsed in renderer/src/routes.ts). */
export const secretariatHref = {
  home: () => '#/secretariat',
  meeting: (id: string) => `#/secretariat/meetings/${encodeURIComponent(id)}`,
  tasks: () => '#/secretariat/tasks',
  audit: () => '#/secretariat/audit',
  notices: () => '#/notices',
  notice: (id: string) => `#/notices/${encodeURIComponent(id)}`,
};

export type SecretariatRoute =
  | { name: 'secretariat' }
  | { name: 'secretariatMeeting'; id: string }
  | { name: 'secretariatTasks' }
  | { name: 'secretariatAudit' }
  | { name: 'notices' }
  | { name: 'notice'; id: string };

export function parseSecretariatRoute(path: string): SecretariatRoute | null {
  if (path === '/secretariat') return { name: 'secretariat' };
  if (path === '/secretariat/tasks') return { name: 'secretariatTasks' };
  if (path === '/secretariat/audit') return { name: 'secretariatAudit' };
  if (path === '/notices') return { name: 'notices' };
  const m = /^\/secretariat\/meetings\/([^/]+)$/.exec(path);
  if (m) return { name: 'secretariatMeeting', id: decodeURIComponent(m[1]) };
  const n = /^\/notices\/([^/]+)$/.exec(path);
  if (n) return { name: 'notice', id: decodeURIComponent(n[1]) };
  return null;
}
