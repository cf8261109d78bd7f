/** Our reader alone (no app around it), on /sample.pdf, with the benchmark probe. */
import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import { initI18n } from '../../renderer/src/i18n';
import { PdfViewer } from '../../renderer/src/pdf/PdfViewer';
import '../../renderer/src/styles.css';
import { installProbe, markRendered } from './probe';

const probe = installProbe();
new MutationObserver((records) => {
  for (const r of records) {
    const el = r.target as HTMLElement;
    if (r.type === 'attributes' && el.dataset.rendered === 'true') markRendered(probe, Number(el.dataset.pageNumber));
  }
}).observe(document.getElementById('root')!, { subtree: true, attributes: true, attributeFilter: ['data-rendered'] });

const w = window as unknown as { __scroller: () => HTMLElement; __layoutDone: () => boolean; __goTo: (n: number) => void };
w.__scroller = () => document.querySelector<HTMLElement>('[data-testid="pdf-scroll"]')!;
// Every page's size known: the column has its final heights.
w.__layoutDone = () => document.querySelector('[data-testid="pdf-scroll"]')?.getAttribute('data-page-sizes') === 'known';

// ?open=N: reopen at a saved reading position on page N, as the document screen passes it.
const reopenAt = Number(new URLSearchParams(location.search).get('open') ?? 0);
const initialPosition = reopenAt ? { page: reopenAt, offset: 0, zoom: { mode: 'auto' as const }, rotation: 0 as const } : null;

await initI18n();
/** Our reader's own "go to page" (the `goTo` prop the screens use; the page field calls the same goToPage). */
function Bench() {
  const [goTo, setGoTo] = useState<{ page: number; seq: number } | null>(null);
  w.__goTo = (page) => setGoTo((g) => ({ page, seq: (g?.seq ?? 0) + 1 }));
  return <PdfViewer url="/sample.pdf" initialPosition={initialPosition} goTo={goTo} />;
}
createRoot(document.getElementById('root')!).render(<Bench />);
