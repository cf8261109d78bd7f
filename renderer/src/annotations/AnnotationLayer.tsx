/**
 * The annotations drawn over one page (SVG in the page box, from PDF user space through the
 * page's pdf.js viewport), and the pointer input of the drawing tools: ink strokes, and a
 * click to place a note or a text box. Inert (no pointer events) while selecting text.
 */
import { useEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent, type PointerEvent as ReactPointerEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ANNOTATION_COLORS, geometryOf, styleOf, textOf, type AnnotationColor } from '../../../shared/annotations';
import type { AnnotationView } from '../../../shared/annotations-bridge';
import type { PageOverlayContext } from '../pdf/page-coords';
import { toPagePoint, toPdfPoint } from '../pdf/page-coords';

export type Tool = 'select' | 'highlight' | 'ink' | 'note' | 'textbox';

export interface NewShape {
  page: number;
  kind: 'ink' | 'note' | 'textbox';
  paths?: [number, number][][];
  rect?: [number, number, number, number];
}

const NOTE_PT = 20;
/** CSS px a note or text box moves (or grows) per arrow key press. */
const KEY_STEP_PX = 4;
/** Pointer travel (CSS px) before a press on a note becomes a drag rather than a click. */
const DRAG_SLOP_PX = 3;

/** A note / text box being moved or resized: offsets in CSS px of the page box. */
interface BoxEdit {
  id: string;
  mode: 'move' | 'resize';
  startX: number;
  startY: number;
  dx: number;
  dy: number;
  /** Past the slop: a real drag (the click that follows must not re-select). */
  active: boolean;
  /** Sent; the preview stays until the saved geometry comes back (no jump back). */
  committed: boolean;
}

export function AnnotationLayer({
  ctx,
  mine,
  shared,
  tool,
  color,
  selectedId,
  onCreate,
  onSelect,
  onChangeRect,
}: {
  ctx: PageOverlayContext;
  mine: AnnotationView[];
  shared: AnnotationView[];
  tool: Tool;
  color: AnnotationColor;
  selectedId: string | null;
  onCreate: (shape: NewShape) => void;
  onSelect: (id: string) => void;
  /** Moves / resizes one of the user's notes or text boxes (PDF rectangle of its page). */
  onChangeRect?: (id: string, rect: [number, number, number, number]) => void;
}) {
  const { t } = useTranslation();
  const vp = ctx.viewport;
  const [stroke, setStroke] = useState<[number, number][] | null>(null);
  const [edit, setEdit] = useState<BoxEdit | null>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  // The saved geometry came back (or the list changed): drop the preview.
  useEffect(() => setEdit((e) => (e?.committed ? null : e)), [mine]);
  if (!vp) return null;

  /** The box of a rect annotation in CSS px, with the edit in progress applied. */
  const boxOf = (id: string, rect: readonly number[]) => {
    const [x1, y1] = toPagePoint(vp, rect[0], rect[1]);
    const [x2, y2] = toPagePoint(vp, rect[2], rect[3]);
    const b = { left: Math.min(x1, x2), top: Math.min(y1, y2), width: Math.abs(x2 - x1), height: Math.abs(y2 - y1) };
    if (edit?.id !== id) return b;
    return edit.mode === 'move'
      ? { ...b, left: b.left + edit.dx, top: b.top + edit.dy }
      : { ...b, width: Math.max(6, b.width + edit.dx), height: Math.max(6, b.height + edit.dy) };
  };
  /** A CSS px box back to a PDF rectangle (any rotation: through the viewport). */
  const toRect = (b: { left: number; top: number; width: number; height: number }): [number, number, number, number] => {
    const [ax, ay] = toPdfPoint(vp, b.left, b.top);
    const [bx, by] = toPdfPoint(vp, b.left + b.width, b.top + b.height);
    return [Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by)];
  };
  const startEdit = (e: ReactPointerEvent<SVGElement>, id: string, mode: BoxEdit['mode']) => {
    if (drawing || e.button !== 0 || !onChangeRect) return;
    e.stopPropagation();
    (e.currentTarget as Element).setPointerCapture?.(e.pointerId);
    setEdit({ id, mode, startX: e.clientX, startY: e.clientY, dx: 0, dy: 0, active: false, committed: false });
  };
  const moveEdit = (e: ReactPointerEvent<SVGElement>) => {
    if (!edit || edit.committed) return;
    const dx = e.clientX - edit.startX;
    const dy = e.clientY - edit.startY;
    setEdit({ ...edit, dx, dy, active: edit.active || Math.hypot(dx, dy) > DRAG_SLOP_PX });
  };
  const endEdit = (rect: readonly number[]) => {
    if (!edit || edit.committed) return;
    if (!edit.active) {
      setEdit(null);
      return;
    }
    onChangeRect?.(edit.id, toRect(boxOf(edit.id, rect)));
    setEdit({ ...edit, committed: true });
  };
  /** Arrow keys move the selected note / text box; with Shift they resize it. */
  const onBoxKey = (e: ReactKeyboardEvent<SVGElement>, id: string, rect: readonly number[]) => {
    const d = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] }[e.key];
    if (!d || !onChangeRect) return;
    e.preventDefault();
    e.stopPropagation();
    const b = boxOf(id, rect);
    const [dx, dy] = [d[0] * KEY_STEP_PX, d[1] * KEY_STEP_PX];
    onChangeRect(id, toRect(e.shiftKey ? { ...b, width: Math.max(6, b.width + dx), height: Math.max(6, b.height + dy) } : { ...b, left: b.left + dx, top: b.top + dy }));
  };

  const local = (e: ReactPointerEvent): [number, number] => {
    const box = svgRef.current!.getBoundingClientRect();
    return [e.clientX - box.left, e.clientY - box.top];
  };
  const drawing = tool === 'ink' || tool === 'note' || tool === 'textbox';

  const onDown = (e: ReactPointerEvent<SVGSVGElement>) => {
    if (!drawing || e.button !== 0) return;
    e.preventDefault();
    const [x, y] = local(e);
    if (tool === 'ink') {
      svgRef.current?.setPointerCapture(e.pointerId);
      setStroke([[x, y]]);
      return;
    }
    const [px, py] = toPdfPoint(vp, x, y);
    if (tool === 'note') onCreate({ page: ctx.pageNumber, kind: 'note', rect: [px, py - NOTE_PT, px + NOTE_PT, py] });
    else onCreate({ page: ctx.pageNumber, kind: 'textbox', rect: [px, py - 60, px + 200, py] });
  };
  const onMove = (e: ReactPointerEvent<SVGSVGElement>) => {
    if (!stroke) return;
    const p = local(e);
    const last = stroke[stroke.length - 1];
    if (Math.hypot(p[0] - last[0], p[1] - last[1]) >= 2) setStroke([...stroke, p]);
  };
  const onUp = () => {
    if (!stroke) return;
    const path = stroke.map(([x, y]) => toPdfPoint(vp, x, y));
    setStroke(null);
    onCreate({ page: ctx.pageNumber, kind: 'ink', paths: [path.slice(0, 5000)] });
  };

  const pt = (x: number, y: number) => toPagePoint(vp, x, y);
  const shape = (a: AnnotationView, other: boolean) => {
    const w = a.annotation;
    const { kind, color: c } = styleOf(w);
    const hex = ANNOTATION_COLORS[c].hex;
    const g = geometryOf(w);
    const title = other ? `${textOf(w) || ''} — ${t('annotations.byAuthor', { name: a.authorName })}` : textOf(w);
    const common = {
      'data-testid': `annotation-${kind}`,
      'data-annotation-id': a.id,
      className: `annotation annotation-${kind}${other ? ' annotation-shared' : ''}${a.id === selectedId ? ' annotation-selected' : ''}`,
      onClick: () => onSelect(a.id),
    };
    if (kind === 'highlight' && g.quads) {
      return (
        <g key={a.id} {...common}>
          <title>{title || t('annotations.kinds.highlight')}</title>
          {g.quads.map((q, i) => {
            const corners = [pt(q[0], q[1]), pt(q[2], q[3]), pt(q[6], q[7]), pt(q[4], q[5])];
            return <polygon key={i} points={corners.map((p) => p.join(',')).join(' ')} fill={hex} />;
          })}
        </g>
      );
    }
    if (kind === 'ink' && g.paths) {
      return (
        <g key={a.id} {...common}>
          {g.paths.map((p, i) => (
            <polyline key={i} points={p.map(([x, y]) => pt(x, y).join(',')).join(' ')} fill="none" stroke={hex} strokeWidth={2 * ctx.scale} strokeLinecap="round" strokeLinejoin="round" />
          ))}
        </g>
      );
    }
    if (g.rect) {
      const rect = g.rect;
      const { left, top, width, height } = boxOf(a.id, rect);
      // The user's own notes and text boxes can be dragged (move), resized by the corner handle,
      // or moved / resized with the arrow keys once selected (keyboard alternative).
      const editable = !other && !!onChangeRect;
      const selected = a.id === selectedId;
      const editProps = editable
        ? {
            tabIndex: 0,
            role: 'button',
            'aria-label': `${t(`annotations.kinds.${kind}`)}: ${t('annotations.moveHint')}`,
            onPointerDown: (e: ReactPointerEvent<SVGElement>) => startEdit(e, a.id, 'move'),
            onPointerMove: moveEdit,
            onPointerUp: () => endEdit(rect),
            onPointerCancel: () => setEdit(null),
            onKeyDown: (e: ReactKeyboardEvent<SVGElement>) => onBoxKey(e, a.id, rect),
            onFocus: () => !selected && onSelect(a.id),
            onClick: () => {
              if (edit?.id === a.id && edit.active) return; // the end of a drag, not a click
              onSelect(a.id);
            },
            style: { cursor: 'move' },
          }
        : {};
      const handle =
        editable && selected ? (
          <rect
            className="annotation-resize-handle"
            data-testid="annotation-resize-handle"
            x={left + width - 5}
            y={top + height - 5}
            width={10}
            height={10}
            onPointerDown={(e) => startEdit(e, a.id, 'resize')}
            onPointerMove={moveEdit}
            onPointerUp={(e) => {
              e.stopPropagation();
              endEdit(rect);
            }}
          >
            <title>{t('annotations.resize')}</title>
          </rect>
        ) : null;
      if (kind === 'note') {
        return (
          <g key={a.id} {...common} {...editProps} data-rect={rect.join(',')}>
            <title>{title || t('annotations.kinds.note')}</title>
            <rect x={left} y={top} width={width} height={height} rx={2} fill={hex} stroke="#333" strokeWidth={0.8} />
            {[0.3, 0.5, 0.7].map((f) => (
              <line key={f} x1={left + width * 0.2} x2={left + width * 0.8} y1={top + height * f} y2={top + height * f} stroke="#333" strokeWidth={0.8} />
            ))}
            {handle}
          </g>
        );
      }
      return (
        <g key={a.id} {...common} {...editProps} data-rect={rect.join(',')}>
          <rect x={left} y={top} width={width} height={height} fill="#fff" fillOpacity={0.9} stroke={hex} strokeWidth={1.5} />
          <foreignObject x={left} y={top} width={width} height={height}>
            <div className="annotation-textbox-text" style={{ fontSize: `${11 * ctx.scale}px` }}>
              {textOf(w)}
            </div>
          </foreignObject>
          {handle}
        </g>
      );
    }
    return null;
  };

  return (
    <svg
      ref={svgRef}
      className={`annotation-layer${drawing ? ' annotation-layer-drawing' : ''}`}
      data-testid="annotation-layer"
      width={ctx.width}
      height={ctx.height}
      onPointerDown={onDown}
      onPointerMove={onMove}
      onPointerUp={onUp}
      style={{ cursor: drawing ? 'crosshair' : undefined }}
    >
      {shared.map((a) => shape(a, true))}
      {mine.map((a) => shape(a, false))}
      {stroke && <polyline points={stroke.map((p) => p.join(',')).join(' ')} fill="none" stroke={ANNOTATION_COLORS[color].hex} strokeWidth={2 * ctx.scale} />}
    </svg>
  );
}
