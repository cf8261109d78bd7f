/** Zoom limits, and how a zoom setting (auto, fit width, fit page, manual) becomes a scale for the scroll area's size. */
import type { ZoomSetting } from '../../../../shared/reader';
import type { PageSize } from '../PdfPage';

export const MIN_SCALE = 0.25;
export const MAX_SCALE = 5;
export const ZOOM_STEP = 1.2;
/** Horizontal room around pages inside the scroll area (px). */
const GUTTER = 48;
/** Vertical room kept around a page for "fit page" (px). */
const PAGE_MARGIN = 40;
/** Largest scale the initial "auto" zoom picks: fit width, but not larger than comfortable. */
const MAX_AUTO_SCALE = 1.5;

export const clampScale = (s: number) => Math.min(MAX_SCALE, Math.max(MIN_SCALE, s));

/** The scale for `zoom`, fitting `page` (the first page, as rotated) into the scroll `area`. */
export function scaleFor(zoom: ZoomSetting, page: PageSize, area: { width: number; height: number }): number {
  const fitWidth = area.width > 0 ? clampScale((area.width - GUTTER) / page.width) : 1;
  const fitPage = area.height > 0 ? clampScale(Math.min(fitWidth, (area.height - PAGE_MARGIN) / page.height)) : fitWidth;
  if (zoom.mode === 'fitWidth') return fitWidth;
  if (zoom.mode === 'fitPage') return fitPage;
  if (zoom.mode === 'auto') return Math.min(fitWidth, MAX_AUTO_SCALE);
  return clampScale(zoom.scale);
}
