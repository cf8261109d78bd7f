/**
 * The reader's keyboard shortcuts, window-wide. With Ctrl: F find, + / − / 0 zoom, P print.
 * Alone (not while typing): PageDown / → / J and PageUp / ← / K next and previous page, Home /
 * End, G go to page, + / − / 0 zoom, / find, F reading mode, R and Shift+R rotate, ? the list
 * of shortcuts. Escape closes the list, then find, then leaves reading mode.
 */
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
  /** Puts the keyboard in the page number field. */
  focusPageInput: () => void;
  readingMode: boolean;
  toggleReadingMode: () => void;
  leaveReadingMode: () => void;
  helpOpen: boolean;
  toggleHelp: () => void;
  closeHelp: () => void;
}

export function useViewerShortcuts(s: ViewerShortcuts) {
  const onKey = useEffectEvent((e: KeyboardEvent) => {
    if (!s.ready || e.defaultPrevented) return;
    const mod = e.ctrlKey || e.metaKey;
    const target = e.target as HTMLElement | null;
    const typing = !!target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT' || target.isContentEditable);
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
    if (e.key === 'Escape') {
      if (s.helpOpen) s.closeHelp();
      else if (s.findOpen) s.closeFind();
      else if (s.readingMode) s.leaveReadingMode();
      else return;
      e.preventDefault();
      return;
    }
    if (typing || e.altKey || mod) return;
    const page = s.currentPage;
    const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
    if (key === 'PageDown' || key === 'ArrowRight' || key === 'j') s.goToPage(page + 1);
    else if (key === 'PageUp' || key === 'ArrowLeft' || key === 'k') s.goToPage(page - 1);
    else if (key === 'Home') s.goToPage(1);
    else if (key === 'End') s.goToPage(s.pageCount);
    else if (key === 'r') s.rotate(e.shiftKey ? -90 : 90);
    else if (key === 'f') s.toggleReadingMode();
    else if (key === 'g') s.focusPageInput();
    else if (key === '/') s.openFind();
    else if (key === '?') s.toggleHelp();
    else if (key === '+' || key === '=') s.zoomBy(ZOOM_STEP);
    else if (key === '-') s.zoomBy(1 / ZOOM_STEP);
    else if (key === '0') s.resetZoom();
    else return;
    e.preventDefault();
  });
  useEffect(() => {
    const listener = (e: KeyboardEvent) => onKey(e);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);
}
