/**
 * The annotations drawn over one page (SVG in the page box, from PDF user space through the
 * page's pdf.js viewport), and the pointer input of the drawing tools: ink strokes, and a
 * click to place a note or a text box. Inert (no pointer events) while selecting text.
 */
import { useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
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

export function AnnotationLayer({
  ctx,
  mine,
  shared,
  tool,
  color,
  selectedId,
  onCreate,
  onSelect,
}: {
  ctx: PageOverlayContext;
  mine: AnnotationView[];
  shared: AnnotationView[];
  tool: Tool;
  color: AnnotationColor;
  selectedId: string | null;
  onCreate: (shape: NewShape) => void;
  onSelect: (id: string) => void;
}) {
  const { t } = useTranslation();
  const vp = ctx.viewport;
  const [stroke, setStroke] = useState<[number, number][] | null>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  if (!vp) return null;

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
      key: a.id,
      'data-testid': `annotation-${kind}`,
      'data-annotation-id': a.id,
      className: `annotation annotation-${kind}${other ? ' annotation-shared' : ''}${a.id === selectedId ? ' annotation-selected' : ''}`,
      onClick: () => onSelect(a.id),
    };
    if (kind === 'highlight' && g.quads) {
      return (
        <g {...common}>
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
        <g {...common}>
          {g.paths.map((p, i) => (
            <polyline key={i} points={p.map(([x, y]) => pt(x, y).join(',')).join(' ')} fill="none" stroke={hex} strokeWidth={2 * ctx.scale} strokeLinecap="round" strokeLinejoin="round" />
          ))}
        </g>
      );
    }
    if (g.rect) {
      const [x1, y1] = pt(g.rect[0], g.rect[1]);
      const [x2, y2] = pt(g.rect[2], g.rect[3]);
      const left = Math.min(x1, x2);
      const top = Math.min(y1, y2);
      const width = Math.abs(x2 - x1);
      const height = Math.abs(y2 - y1);
      if (kind === 'note') {
        return (
          <g {...common}>
            <title>{title || t('annotations.kinds.note')}</title>
            <rect x={left} y={top} width={width} height={height} rx={2} fill={hex} stroke="#333" strokeWidth={0.8} />
            {[0.3, 0.5, 0.7].map((f) => (
              <line key={f} x1={left + width * 0.2} x2={left + width * 0.8} y1={top + height * f} y2={top + height * f} stroke="#333" strokeWidth={0.8} />
            ))}
          </g>
        );
      }
      return (
        <g {...common}>
          <rect x={left} y={top} width={width} height={height} fill="#fff" fillOpacity={0.9} stroke={hex} strokeWidth={1.5} />
          <foreignObject x={left} y={top} width={width} height={height}>
            <div className="annotation-textbox-text" style={{ fontSize: `${11 * ctx.scale}px` }}>
              {textOf(w)}
            </div>
          </foreignObject>
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
