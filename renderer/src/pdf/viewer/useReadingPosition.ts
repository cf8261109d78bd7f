/** The reading position (page, offset, zoom, rotation): reported a little after the reader stops moving, and when he leaves. */
import { useCallback, useEffect, useLayoutEffect, useRef, type RefObject } from 'react';
import type { ReadingPosition, ZoomSetting } from '../../../../shared/reader';
import type { Anchor, Rotation } from './types';

const SAVE_POSITION_AFTER_MS = 600;

interface Options {
  loaded: boolean;
  anchorRef: RefObject<Anchor>;
  zoom: ZoomSetting;
  rotation: Rotation;
  onPositionChange?: (position: ReadingPosition) => void;
}

/** Returns `schedule`: call it whenever the reader moves; zoom and rotation changes schedule by themselves. */
export function useReadingPosition({ loaded, anchorRef, zoom, rotation, onPositionChange }: Options): () => void {
  const saveTimer = useRef<number | null>(null);
  // Read when the timer fires or the reader leaves: always the newest values.
  const latest = useRef({ zoom, rotation, onPositionChange });
  useLayoutEffect(() => {
    latest.current = { zoom, rotation, onPositionChange };
  });

  const savePosition = useCallback(() => {
    if (saveTimer.current !== null) window.clearTimeout(saveTimer.current);
    saveTimer.current = null;
    const a = anchorRef.current;
    const { zoom: z, rotation: r, onPositionChange: report } = latest.current;
    report?.({ page: a.page, offset: Math.round(a.offset * 1000) / 1000, zoom: z, rotation: r });
  }, [anchorRef]);

  const schedule = useCallback(() => {
    if (saveTimer.current !== null) window.clearTimeout(saveTimer.current);
    saveTimer.current = window.setTimeout(savePosition, SAVE_POSITION_AFTER_MS);
  }, [savePosition]);

  useEffect(() => {
    if (loaded) schedule();
  }, [loaded, zoom, rotation, schedule]);

  // Leaving with a save still pending: save now.
  useEffect(
    () => () => {
      if (saveTimer.current !== null) savePosition();
    },
    [savePosition],
  );

  return schedule;
}
