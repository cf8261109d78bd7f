/**
 * The parts of a document a signature changes or must respect, read from a PdfFile: the page
 * tree (walked once, refusing loops and pages that are not objects of their own), the form's
 * field names, and an existing certification (DocMDP).
 */
import { PdfStructureError, type PdfFile } from './pdf-file';
import { PdfDict, PdfName, PdfRef, PdfString, type PdfValue } from './pdf-syntax';

export interface PageInfo {
  ref: PdfRef;
  /** MediaBox inherited from the page's ancestors (its own, if any, wins: see pageSize). */
  inheritedBox: PdfValue | undefined;
}

const typeOf = (d: PdfDict) => {
  const t = d.get('Type');
  return t instanceof PdfName ? t.raw : undefined;
};

const TREE_KEYS: ReadonlySet<string> = new Set(['Type', 'Kids', 'MediaBox']);

/** Every page in order. Throws PdfStructureError('page_tree') for loops, direct kids, no pages. */
export function collectPages(file: PdfFile, catalog: PdfDict): PageInfo[] {
  const pages: PageInfo[] = [];
  const root = catalog.get('Pages');
  if (!(root instanceof PdfRef)) throw new PdfStructureError('page_tree', 'the catalog has no page tree');
  const visited = new Set<number>();
  // Depth-first, in order; each frame carries the inherited MediaBox.
  const stack: { ref: PdfValue; box: PdfValue | undefined; depth: number }[] = [{ ref: root, box: undefined, depth: 0 }];
  while (stack.length > 0) {
    const { ref, box, depth } = stack.pop()!;
    if (!(ref instanceof PdfRef)) throw new PdfStructureError('page_tree', 'the page tree holds a page that is not an object of its own (a direct /Kids entry)');
    if (visited.has(ref.num)) throw new PdfStructureError('page_tree', `the page tree reaches object ${ref.num} twice (a loop)`);
    visited.add(ref.num);
    if (depth > 64 || visited.size > file.limits.maxObjects) throw new PdfStructureError('page_tree', 'the page tree is too deep');
    // Most nodes are pages: one look at the raw object tells them apart without parsing them.
    if (depth > 0 && file.isPlainLeaf(ref.num)) {
      pages.push({ ref, inheritedBox: box });
      continue;
    }
    const peeked = file.peek(ref.num, TREE_KEYS);
    const node = peeked instanceof PdfDict ? peeked : undefined;
    if (!node) throw new PdfStructureError('page_tree', `page tree node ${ref.num} is missing or not a dictionary`);
    const kids = node.get('Kids');
    if (typeOf(node) === 'Pages' || (typeOf(node) !== 'Page' && kids !== undefined)) {
      const list = file.array(kids);
      if (!list) throw new PdfStructureError('page_tree', `page tree node ${ref.num} has no /Kids array`);
      const ownBox = node.get('MediaBox') ?? box;
      for (let i = list.length - 1; i >= 0; i--) stack.push({ ref: list[i], box: ownBox, depth: depth + 1 });
    } else pages.push({ ref, inheritedBox: box });
  }
  if (pages.length === 0) throw new PdfStructureError('page_tree', 'the PDF has no pages');
  return pages;
}

/** Width and height of a page's MediaBox (US Letter when it has none). */
export function pageSize(file: PdfFile, page: PageInfo): { width: number; height: number } {
  const own = file.dict(page.ref)?.get('MediaBox');
  const b = file.array(own ?? page.inheritedBox)?.map((x) => file.number(x) ?? 0);
  const [x0, y0, x1, y1] = b && b.length === 4 ? b : [0, 0, 612, 792];
  return { width: Math.abs(x1 - x0), height: Math.abs(y1 - y0) };
}

/** Names of all form fields (full names joined with '.'), to keep new names unique. */
export function fieldNames(file: PdfFile, acro: PdfDict | undefined): Set<string> {
  const names = new Set<string>();
  const seen = new Set<number>();
  const walk = (arr: PdfValue[] | undefined, prefix: string, depth: number) => {
    if (!arr || depth > 32) return;
    for (const item of arr) {
      if (item instanceof PdfRef) {
        if (seen.has(item.num)) continue;
        seen.add(item.num);
      }
      const f = file.dict(item);
      if (!f) continue;
      const t = file.resolve(f.get('T'));
      const name = t instanceof PdfString ? t.text() : '';
      const full = prefix && name ? `${prefix}.${name}` : prefix || name;
      if (full) names.add(full);
      walk(file.array(f.get('Kids')), full, depth + 1);
    }
  };
  walk(file.array(acro?.get('Fields')), '', 0);
  return names;
}

/** Existing DocMDP permission of the document, if it is certified. */
export function certificationOf(file: PdfFile, catalog: PdfDict): number | null {
  const perms = file.dict(catalog.get('Perms'));
  const sig = file.dict(perms?.get('DocMDP'));
  const refs = file.array(sig?.get('Reference')) ?? [];
  for (const r of refs) {
    const p = file.number(file.dict(file.dict(r)?.get('TransformParams'))?.get('P'));
    if (p !== undefined) return p;
  }
  return sig ? 2 : null;
}

export function hasSignatures(file: PdfFile, acro: PdfDict | undefined): boolean {
  return ((file.number(acro?.get('SigFlags')) ?? 0) & 1) === 1;
}
