/** The print-only container (a portal on <body>): one image per page, each with the confidential watermark when there is one. */
import { createPortal } from 'react-dom';
import type { PrintPage } from '../print';
import { Watermark } from '../Watermark';

export function PrintPages({ pages, watermarkText }: { pages: PrintPage[] | null; watermarkText: string | null }) {
  if (!pages) return null;
  return createPortal(
    <div className="print-root" data-testid="print-root">
      {pages.map((p, i) => (
        <div key={i} className="print-page" style={{ aspectRatio: `${p.width} / ${p.height}` }}>
          <img src={p.url} alt="" />
          {watermarkText && <Watermark text={watermarkText} />}
        </div>
      ))}
    </div>,
    document.body,
  );
}
