/** A tiny hash router: #/meetings, #/meetings/:id, #/documents/:id. */
import { useEffect, useState } from 'react';

export type Route =
  | { name: 'meetings' }
  | { name: 'meeting'; id: string }
  | { name: 'document'; id: string }
  | { name: 'notFound' };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/\/+$/, '');
  if (path === '' || path === '/' || path === '/meetings') return { name: 'meetings' };
  const m = /^\/(meetings|documents)\/([^/]+)$/.exec(path);
  if (m) {
    const id = decodeURIComponent(m[2]);
    return m[1] === 'meetings' ? { name: 'meeting', id } : { name: 'document', id };
  }
  return { name: 'notFound' };
}

export const hrefFor = {
  meetings: () => '#/meetings',
  meeting: (id: string) => `#/meetings/${encodeURIComponent(id)}`,
  document: (id: string) => `#/documents/${encodeURIComponent(id)}`,
};

export function navigate(href: string): void {
  if (window.location.hash !== href) window.location.hash = href;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
