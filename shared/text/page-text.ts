/**
 * The one way a PDF page's text is joined from pdf.js text items, used by the reader's find
 * (renderer/src/pdf/find.ts) and by the search index (electron/services/search/): if the two
 * joined text differently, find and search would disagree on what a page says.
 *
 * Pure and environment-free: it takes the items `page.getTextContent(TEXT_CONTENT_OPTIONS)`
 * returns and gives the page text plus where each item ("run", one text-layer span) sits in it.
 */

/**
 * Options both sides pass to `getTextContent`. pdf.js' own normalization (NFKC of ligatures
 * and a few compatibility characters) is off so that each run is exactly the string of its
 * text-layer span; search folding (shared/text/fold.ts) takes care of compatibility characters.
 */
export const TEXT_CONTENT_OPTIONS = { disableNormalization: true } as const;

export interface JoinedPageText {
  /** Runs in order; a run that ends a line is followed by '\n', except a hyphenated word split over two lines, which is joined. */
  text: string;
  /** For each run (item with a `str`, in order, empty ones included): its start in `text`. */
  runStarts: number[];
  /** For each run: how many of its first characters are in `text` (all but a dropped line-end hyphen). */
  runLengths: number[];
}

/** Hyphen-minus and the soft hyphen: at a line end after a letter, they split a word. */
const HYPHENS = new Set(['-', '\u00ad']);
const LETTER = /\p{L}/u;
const LOWER = /^\p{Ll}/u;

/**
 * Joins the text items of one page. A line that ends with a letter and a hyphen, followed by a
 * line that starts with a lower-case letter, is one word broken by the layout ("phát tri-" /
 * "ển", "docu-" / "ment"): the hyphen and the line break are dropped so that find and search
 * both see "phát triển". Any other line end becomes '\n'.
 */
export function joinPageText(items: readonly unknown[]): JoinedPageText {
  let text = '';
  const runStarts: number[] = [];
  const runLengths: number[] = [];
  /** The run whose last character ends `text` (-1 when `text` ends with a line break). */
  let lastRun = -1;
  /** A line ended on "letter + hyphen" of run `run`: joined or broken once the next text is seen. */
  let pendingHyphen: { run: number } | null = null;

  const resolvePending = (next: string) => {
    if (!pendingHyphen) return;
    if (LOWER.test(next)) {
      text = text.slice(0, -1);
      runLengths[pendingHyphen.run]--;
    } else {
      text += '\n';
      lastRun = -1;
    }
    pendingHyphen = null;
  };

  const endLine = () => {
    if (pendingHyphen) return;
    const n = text.length;
    if (lastRun >= 0 && n >= 2 && HYPHENS.has(text[n - 1]) && LETTER.test(text[n - 2]) && runLengths[lastRun] > 0) {
      pendingHyphen = { run: lastRun };
      return;
    }
    text += '\n';
    lastRun = -1;
  };

  for (const item of items as { str?: unknown; hasEOL?: unknown }[]) {
    if (typeof item?.str !== 'string') continue;
    const str = item.str;
    if (str.length > 0) resolvePending(str);
    const run = runStarts.length;
    runStarts.push(text.length);
    runLengths.push(str.length);
    text += str;
    if (str.length > 0) lastRun = run;
    if (item.hasEOL === true) endLine();
  }
  // The page ended on a hyphenated line: nothing follows to join, keep it as it was.
  if (pendingHyphen) text += '\n';
  return { text, runStarts, runLengths };
}
