/**
 * Full-screen reading mode: the app's header and the document bar give their height to the
 * pages (the body carries `data-reading-mode`, styled in reader.css), and the window goes full
 * screen where the browser allows it. Leaving the browser's full screen (its own Esc) leaves the
 * mode too.
 */
import { useCallback, useEffect, useRef, useState } from 'react';

export function useReadingMode() {
  const [on, setOn] = useState(false);
  const wentFullScreen = useRef(false);

  const enter = useCallback(() => {
    setOn(true);
    // Best effort: a page without a user gesture, or a shell that forbids it, stays in the window.
    const root = document.documentElement;
    if (!document.fullscreenElement && root.requestFullscreen) {
      root.requestFullscreen().then(
        () => {
          wentFullScreen.current = true;
        },
        () => {},
      );
    }
  }, []);

  const leave = useCallback(() => {
    setOn(false);
    if (wentFullScreen.current && document.fullscreenElement) document.exitFullscreen().catch(() => {});
    wentFullScreen.current = false;
  }, []);

  const toggle = useCallback(() => (on ? leave() : enter()), [on, enter, leave]);

  useEffect(() => {
    const onChange = () => {
      if (!document.fullscreenElement && wentFullScreen.current) {
        wentFullScreen.current = false;
        setOn(false);
      }
    };
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, []);

  useEffect(() => {
    if (!on) return;
    document.body.dataset.readingMode = 'on';
    return () => {
      delete document.body.dataset.readingMode;
    };
  }, [on]);

  // Closing the reader (back, another screen) ends full screen too.
  useEffect(
    () => () => {
      if (wentFullScreen.current && document.fullscreenElement) document.exitFullscreen().catch(() => {});
    },
    [],
  );

  return { on, toggle, leave };
}
