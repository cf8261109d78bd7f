/** The reader's keyboard shortcuts, window-wide: Ctrl+F / + / − / 0 / P, Escape closes find, PageUp / PageDown / Home / End, R and Shift+R rotate. */
import { useEffect, useEffectEvent } from 'react';
import { ZOOM_STEP } from './zoom';

export interface ViewerShortcuts {
  /** False until the document is open: no shortcut does anything before. */
  ready: boolean;
  pageCount: number;
  currentPage: number;
  findOpen: boolean;
  openFind: () => void;
  closeFind: () => void;
  zoomBy: (factor: number) => void;
  resetZoom: () => void;
  print: () => Promise<void>;
  goToPage: (page: number) => void;
  rotate: (by: 90 | -90) => void;
}

export function useViewerShortcuts(s: ViewerShortcuts) {
  const onKey = useEffectEvent((e: KeyboardEvent) => {
    if (!s.ready) return;
    const mod = e.ctrlKey || e.metaKey;
    const target = e.target as HTMLElement | null;
    const typing = !!target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.isContentEditable);
    if (mod && !e.altKey) {
      const k = e.key.toLowerCase();
      if (k === 'f') s.openFind();
      else if (k === '+' || k === '=') s.zoomBy(ZOOM_STEP);
      else if (k === '-' || k === '_') s.zoomBy(1 / ZOOM_STEP);
      else if (k === '0') s.resetZoom();
      else if (k === 'p') void s.print();
      else return;
      e.preventDefault();
      return;
    }
    if (e.key === 'Escape' && s.findOpen) {
      s.closeFind();
      e.preventDefault();
      return;
    }
    if (typing || e.altKey) return;
    const page = s.currentPage;
    if (e.key === 'PageDown') s.goToPage(page + 1);
    else if (e.key === 'PageUp') s.goToPage(page - 1);
    else if (e.key === 'Home') s.goToPage(1);
    else if (e.key === 'End') s.goToPage(s.pageCount);
    else if (e.key === 'r' || e.key === 'R') s.rotate(e.shiftKey ? -90 : 90);
    else return;
    e.preventDefault();
  });
  useEffect(() => {
    const listener = (e: KeyboardEvent) => onKey(e);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);
}
