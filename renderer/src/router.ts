/** A tiny hash router: the route shown, navigation; the addresses themselves are in routes.ts. */
import { useEffect, useState, useTransition } from 'react';
import { parseRoute, type Route } from './routes';

export { hrefFor, parseRoute, type Route } from './routes';

/** Fired when the user asks again for the screen already shown (e.g. the same search submitted twice). */
const REVISIT_EVENT = 'ecabinet:revisit';

export function navigate(href: string): void {
  if (window.location.hash !== href) window.location.hash = href;
  else window.dispatchEvent(new Event(REVISIT_EVENT));
}

/** Runs `again` when the user navigates to the screen already shown: he expects it to be read afresh. */
export function useRevisit(again: () => void): void {
  useEffect(() => {
    window.addEventListener(REVISIT_EVENT, again);
    return () => window.removeEventListener(REVISIT_EVENT, again);
  }, [again]);
}

/**
 * The route shown, and whether another is on its way. A new route is applied as a transition:
 * a screen whose code loads lazily leaves the current screen in place until it can show. Without
 * it React showed its loading fallback and then held the new screen back at least 300 ms (its
 * throttle for content replacing a fallback), however fast the code came: a click on a document
 * took 0.83 s to the first page, 0.42 s as a transition (the reader's code not loaded yet).
 * `hash`: the address of the screen shown (the address bar is ahead of it meanwhile).
 */
export function useRouteState(): { route: Route; hash: string; pending: boolean } {
  const [shown, setShown] = useState(() => ({ hash: window.location.hash, route: parseRoute(window.location.hash) }));
  const [pending, startTransition] = useTransition();
  useEffect(() => {
    const onChange = () => startTransition(() => setShown({ hash: window.location.hash, route: parseRoute(window.location.hash) }));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return { ...shown, pending };
}

export function useRoute(): Route {
  return useRouteState().route;
}
