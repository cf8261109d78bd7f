/**
 * What an incremental update changed, in the words of a reader: which form fields were filled,
 * which signatures, annotations, DSS entries were added, and whether pages, their content or a
 * signed field were touched. Two parsed revisions are compared object by object; every changed
 * object must be explained by one of the allowed kinds of change, or it is reported as the
 * disallowed change it amounts to (a change nobody can explain is never silently accepted).
 */
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRef, PDFStream, PDFString, type PDFObject } from '@cantoo/pdf-lib';
import type { LaterChangeKind } from '../../shared/signing';

export interface RevisionChange {
  kind: LaterChangeKind;
  /** Full names of the form fields concerned (form fill, signatures, removed or changed fields). */
  fields: string[];
  /** 1-based page numbers concerned (in the newer revision; in the older one for removed pages). */
  pages: number[];
}

/** Catalog entries a later update may add or change without changing the document. */
const CATALOG_ALLOWED = new Set(['AcroForm', 'DSS', 'Metadata', 'Extensions', 'Version']);
/** AcroForm entries a form fill or a new signature may change. */
const ACROFORM_ALLOWED = new Set(['Fields', 'DR', 'DA', 'SigFlags', 'NeedAppearances', 'Q']);
/** Bound on the objects walked from one root: a hostile graph cannot make this unbounded. */
const WALK_LIMIT = 200_000;

const name = (o: PDFObject | undefined): string | null => (o instanceof PDFName ? o.decodeText() : null);
const textOf = (o: PDFObject | undefined): string | null => (o instanceof PDFString || o instanceof PDFHexString ? o.decodeText() : null);
const refKey = (r: PDFRef) => `${r.objectNumber} ${r.generationNumber}`;

/** A comparable form of one object (streams by their dictionary and exact bytes). */
function serialized(o: PDFObject | undefined): string {
  if (o === undefined) return '';
  if (o instanceof PDFStream) {
    const raw = (o as PDFStream & { contents?: Uint8Array }).contents;
    return `${o.dict.toString()}stream${raw ? Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('latin1') : o.getContentsString()}`;
  }
  return o.toString();
}

function isStructureStream(o: PDFObject): boolean {
  if (!(o instanceof PDFStream)) return false;
  const type = name(o.dict.get(PDFName.of('Type')));
  return type === 'XRef' || type === 'ObjStm';
}

/** Keys of objects added or changed between two parses of the same file's revisions. */
function changedObjects(prev: PDFDocument, next: PDFDocument): { modified: Set<string>; added: Set<string> } {
  const modified = new Set<string>();
  const added = new Set<string>();
  for (const [ref, obj] of next.context.enumerateIndirectObjects()) {
    const before = prev.context.lookup(ref);
    if (before === undefined) added.add(refKey(ref));
    // Cross-reference and object streams are file structure, not content (some writers reuse their numbers).
    else if (isStructureStream(before) || isStructureStream(obj)) continue;
    else if (before !== obj && serialized(before) !== serialized(obj)) modified.add(refKey(ref));
  }
  return { modified, added };
}

/** Every indirect object reachable from `root` (bounded), resolved in `doc`. */
function reachable(doc: PDFDocument, root: PDFObject | undefined, into: Set<string>, stopAt?: Set<string>): void {
  const stack: PDFObject[] = root ? [root] : [];
  let steps = 0;
  while (stack.length && steps++ < WALK_LIMIT) {
    const o = stack.pop()!;
    if (o instanceof PDFRef) {
      const k = refKey(o);
      if (into.has(k) || stopAt?.has(k)) continue;
      into.add(k);
      const v = doc.context.lookup(o);
      if (v) stack.push(v);
    } else if (o instanceof PDFDict) {
      for (const [, v] of o.entries()) stack.push(v);
    } else if (o instanceof PDFArray) {
      for (const v of o.asArray()) stack.push(v);
    } else if (o instanceof PDFStream) {
      for (const [, v] of o.dict.entries()) stack.push(v);
    }
  }
}

/** The value of an entry: resolved, plus its object key when it was a reference. */
function entry(doc: PDFDocument, dict: PDFDict | undefined, key: string): { key: string | null; value: PDFObject | undefined } {
  const raw = dict?.get(PDFName.of(key));
  if (raw instanceof PDFRef) return { key: refKey(raw), value: doc.context.lookup(raw) };
  return { key: null, value: raw };
}

const asDict = (doc: PDFDocument, o: PDFObject | undefined): PDFDict | undefined => {
  const v = o instanceof PDFRef ? doc.context.lookup(o) : o;
  return v instanceof PDFDict ? v : undefined;
};
const asArray = (doc: PDFDocument, o: PDFObject | undefined): PDFArray | undefined => {
  const v = o instanceof PDFRef ? doc.context.lookup(o) : o;
  return v instanceof PDFArray ? v : undefined;
};

interface Field {
  name: string;
  ft: string | null;
  dict: PDFDict;
  /** The field's value in comparable form (a signature dictionary with its bytes). */
  value: string | null;
  signed: boolean;
  timestamp: boolean;
  widgets: string[];
  /** Keys of the objects that make up the field: dictionaries, widgets, value, appearances. */
  objects: Set<string>;
}

/** Deep comparable form of a value (a signature dictionary and what it references, a text...). */
function deepValue(doc: PDFDocument, v: PDFObject | undefined, depth = 0): string {
  if (v === undefined) return '';
  if (v instanceof PDFRef) return depth > 4 ? refKey(v) : `{${deepValue(doc, doc.context.lookup(v), depth + 1)}}`;
  if (v instanceof PDFDict) return `<<${v.entries().map(([k, x]) => `${k.toString()} ${deepValue(doc, x, depth + 1)}`).join(' ')}>>`;
  if (v instanceof PDFArray) return `[${v.asArray().map((x) => deepValue(doc, x, depth + 1)).join(' ')}]`;
  return serialized(v);
}

/** Terminal fields of the AcroForm by full name, with their widgets (merged or in /Kids). */
export function formFields(doc: PDFDocument): Map<string, Field> {
  const out = new Map<string, Field>();
  const acro = asDict(doc, doc.catalog.get(PDFName.of('AcroForm')));
  const seen = new Set<PDFDict>();
  const walk = (arr: PDFArray | undefined, prefix: string, inheritedFt: string | null, inheritedV: PDFObject | undefined, depth: number) => {
    for (let i = 0; arr && i < arr.size() && depth < 32; i++) {
      const raw = arr.get(i);
      const f = asDict(doc, raw);
      if (!f || seen.has(f)) continue;
      seen.add(f);
      const t = textOf(f.lookup(PDFName.of('T')));
      const full = prefix && t !== null ? `${prefix}.${t}` : (prefix || t) ?? '';
      const ft = name(f.lookup(PDFName.of('FT'))) ?? inheritedFt;
      const vRaw = f.get(PDFName.of('V')) ?? inheritedV;
      const kids = asArray(doc, f.get(PDFName.of('Kids')));
      const kidFields = kids?.asArray().filter((k) => asDict(doc, k)?.has(PDFName.of('T'))) ?? [];
      if (kids && kidFields.length > 0) {
        walk(kids, full, ft, vRaw, depth + 1);
        continue;
      }
      const objects = new Set<string>();
      if (raw instanceof PDFRef) objects.add(refKey(raw));
      const widgets: string[] = [];
      const widgetList = kids ? kids.asArray() : [raw];
      for (const w of widgetList) {
        const wd = asDict(doc, w);
        if (w instanceof PDFRef) {
          widgets.push(refKey(w));
          objects.add(refKey(w));
        }
        reachable(doc, wd?.get(PDFName.of('AP')), objects);
        reachable(doc, wd?.get(PDFName.of('MK')), objects);
      }
      const v = vRaw instanceof PDFRef ? doc.context.lookup(vRaw) : vRaw;
      const vDict = v instanceof PDFDict ? v : undefined;
      const signed = ft === 'Sig' && !!vDict;
      if (signed) reachable(doc, vRaw, objects);
      else if (vRaw instanceof PDFRef) objects.add(refKey(vRaw));
      const subFilter = name(vDict?.lookup(PDFName.of('SubFilter')));
      let fieldName = full || `(unnamed ${out.size + 1})`;
      while (out.has(fieldName)) fieldName += "'";
      out.set(fieldName, {
        name: fieldName,
        ft,
        dict: f,
        value: vRaw === undefined ? null : deepValue(doc, vRaw),
        signed,
        timestamp: subFilter === 'ETSI.RFC3161' || name(vDict?.lookup(PDFName.of('Type'))) === 'DocTimeStamp',
        widgets,
        objects,
      });
    }
  };
  walk(asArray(doc, acro?.get(PDFName.of('Fields'))), '', null, undefined, 0);
  return out;
}

function pageRefs(doc: PDFDocument): PDFRef[] {
  return doc.getPages().map((p) => p.ref);
}

/** Which page's drawing (content streams, resources, inherited resources) reaches each object. */
function contentReach(doc: PDFDocument): Map<string, number> {
  const reach = new Map<string, number>();
  const pages = doc.getPages();
  for (let i = 0; i < pages.length; i++) {
    const found = new Set<string>();
    const node = pages[i].node;
    reachable(doc, node.get(PDFName.of('Contents')), found, new Set(reach.keys()));
    // Resources may be inherited from the page tree.
    let holder: PDFDict | undefined = node;
    for (let d = 0; holder && d < 32; d++) {
      const res = holder.get(PDFName.of('Resources'));
      if (res) {
        reachable(doc, res, found);
        break;
      }
      holder = asDict(doc, holder.get(PDFName.of('Parent')));
    }
    for (const k of found) if (!reach.has(k)) reach.set(k, i + 1);
  }
  return reach;
}

interface Annotation {
  key: string;
  page: number;
  dict: PDFDict | undefined;
  widget: boolean;
  objects: Set<string>;
}

function annotations(doc: PDFDocument, pages: PDFRef[]): { byKey: Map<string, Annotation>; arrays: Set<string> } {
  const byKey = new Map<string, Annotation>();
  const arrays = new Set<string>();
  pages.forEach((ref, i) => {
    const page = asDict(doc, ref);
    const annotsRaw = page?.get(PDFName.of('Annots'));
    if (annotsRaw instanceof PDFRef) arrays.add(refKey(annotsRaw));
    const arr = asArray(doc, annotsRaw);
    for (let j = 0; arr && j < arr.size(); j++) {
      const raw = arr.get(j);
      const dict = asDict(doc, raw);
      const key = raw instanceof PDFRef ? refKey(raw) : `page ${i + 1} #${j} ${serialized(raw)}`;
      const objects = new Set<string>();
      if (raw instanceof PDFRef) objects.add(key);
      reachable(doc, dict?.get(PDFName.of('AP')), objects);
      const popup = dict?.get(PDFName.of('Popup'));
      if (popup instanceof PDFRef) objects.add(refKey(popup));
      byKey.set(key, { key, page: i + 1, dict, widget: name(dict?.lookup(PDFName.of('Subtype'))) === 'Widget', objects });
    }
  });
  return { byKey, arrays };
}

/** Entries of two dictionaries that differ, except `ignore`. */
function differingKeys(a: PDFDict | undefined, b: PDFDict | undefined, ignore: Set<string>): string[] {
  const keys = new Set([...(a?.keys() ?? []), ...(b?.keys() ?? [])].map((k) => k.decodeText()));
  return [...keys].filter((k) => !ignore.has(k) && serialized(a?.get(PDFName.of(k))) !== serialized(b?.get(PDFName.of(k))));
}

class Changes {
  private readonly map = new Map<LaterChangeKind, { fields: Set<string>; pages: Set<number> }>();
  add(kind: LaterChangeKind, detail: { field?: string; page?: number } = {}): void {
    let c = this.map.get(kind);
    if (!c) this.map.set(kind, (c = { fields: new Set(), pages: new Set() }));
    if (detail.field !== undefined) c.fields.add(detail.field);
    if (detail.page !== undefined) c.pages.add(detail.page);
  }
  list(): RevisionChange[] {
    return [...this.map].map(([kind, c]) => ({ kind, fields: [...c.fields].sort(), pages: [...c.pages].sort((x, y) => x - y) }));
  }
}

/** What `next` (a later revision of the same file) changed relative to `prev`. */
export function diffRevisions(prev: PDFDocument, next: PDFDocument): RevisionChange[] {
  const changes = new Changes();
  const { modified } = changedObjects(prev, next);
  if (modified.size === 0 && serialized(prev.catalog) === serialized(next.catalog)) {
    // Only new objects: they matter only if something old now points at them, i.e. nothing changed.
    return [];
  }
  const explained = new Set<string>();

  // Pages added, removed or reordered; a page's own entries (except its annotations) changed.
  const prevPages = pageRefs(prev);
  const nextPages = pageRefs(next);
  const prevIndex = new Map(prevPages.map((r, i) => [refKey(r), i + 1]));
  const nextIndex = new Map(nextPages.map((r, i) => [refKey(r), i + 1]));
  nextPages.forEach((r, i) => {
    if (!prevIndex.has(refKey(r))) changes.add('page_added', { page: i + 1 });
  });
  prevPages.forEach((r, i) => {
    if (!nextIndex.has(refKey(r))) changes.add('page_removed', { page: i + 1 });
  });
  const kept = nextPages.filter((r) => prevIndex.has(refKey(r)));
  kept.forEach((r, i) => {
    if (i > 0 && prevIndex.get(refKey(r))! < prevIndex.get(refKey(kept[i - 1]))!) changes.add('page_content_changed', { page: nextIndex.get(refKey(r)) });
  });
  for (const r of kept) {
    const k = refKey(r);
    explained.add(k);
    if (!modified.has(k)) continue;
    if (differingKeys(asDict(prev, r), asDict(next, r), new Set(['Annots', 'Parent'])).length > 0) changes.add('page_content_changed', { page: nextIndex.get(k) });
  }
  // Page tree nodes: their lists of kids change with added or removed pages; inherited entries must not.
  const treeNodes = new Set<string>();
  const collectTree = (doc: PDFDocument, into: Set<string>) => {
    const stack: PDFObject[] = [doc.catalog.get(PDFName.of('Pages'))!];
    for (let steps = 0; stack.length && steps < WALK_LIMIT; steps++) {
      const o = stack.pop();
      if (!(o instanceof PDFRef) || into.has(refKey(o))) continue;
      const d = asDict(doc, o);
      if (name(d?.get(PDFName.of('Type'))) !== 'Pages') continue;
      into.add(refKey(o));
      stack.push(...(asArray(doc, d?.get(PDFName.of('Kids')))?.asArray() ?? []));
    }
  };
  collectTree(prev, treeNodes);
  for (const k of treeNodes) {
    explained.add(k);
    if (!modified.has(k)) continue;
    const [num, gen] = k.split(' ').map(Number);
    const ref = PDFRef.of(num, gen);
    if (differingKeys(asDict(prev, ref), asDict(next, ref), new Set(['Kids', 'Count', 'Parent'])).length > 0) changes.add('page_content_changed');
  }

  // Page content: anything the drawing of an existing page reaches must not change.
  const reach = contentReach(prev);
  for (const k of modified) {
    const page = reach.get(k);
    if (page === undefined) continue;
    explained.add(k);
    const nextPage = nextIndex.get(refKey(prevPages[page - 1]));
    changes.add('page_content_changed', nextPage !== undefined ? { page: nextPage } : {});
  }

  // Form fields and signatures.
  const prevFields = formFields(prev);
  const nextFields = formFields(next);
  const widgetOwner = new Map<string, Field>();
  for (const f of nextFields.values()) for (const w of f.widgets) widgetOwner.set(w, f);
  for (const f of nextFields.values()) {
    const before = prevFields.get(f.name);
    for (const k of f.objects) if (!reach.has(k)) explained.add(k);
    const touched = [...f.objects].some((k) => modified.has(k));
    if (!before) {
      if (f.ft !== 'Sig') changes.add('field_added', { field: f.name });
      else if (f.signed) changes.add(f.timestamp ? 'timestamp_added' : 'signature_added', { field: f.name });
      else changes.add('signature_field_added', { field: f.name });
      continue;
    }
    if (f.ft === 'Sig' || before.ft === 'Sig') {
      if (before.signed && (f.value !== before.value || touched || f.ft !== before.ft)) changes.add('signed_field_changed', { field: f.name });
      else if (!before.signed && f.signed) changes.add(f.timestamp ? 'timestamp_added' : 'signature_added', { field: f.name });
    } else if (f.value !== before.value || touched) changes.add('form_filled', { field: f.name });
  }
  for (const f of prevFields.values()) {
    for (const k of f.objects) if (!reach.has(k)) explained.add(k);
    if (!nextFields.has(f.name)) changes.add(f.signed ? 'signed_field_changed' : 'field_removed', { field: f.name });
  }

  // Annotations (widgets belong to their fields above).
  const prevAnnots = annotations(prev, prevPages);
  const nextAnnots = annotations(next, nextPages);
  for (const k of [...prevAnnots.arrays, ...nextAnnots.arrays]) explained.add(k);
  for (const a of nextAnnots.byKey.values()) {
    for (const k of a.objects) if (!reach.has(k)) explained.add(k);
    const before = prevAnnots.byKey.get(a.key);
    if (!prevIndex.has(refKey(nextPages[a.page - 1]))) continue; // on a new page: reported as page_added
    if (a.widget) {
      if (!before && !widgetOwner.has(a.key)) changes.add('field_added', { page: a.page });
      continue;
    }
    if (!before) changes.add('annotation_added', { page: a.page });
    else if ([...a.objects].some((k) => modified.has(k))) changes.add('annotation_changed', { page: a.page });
  }
  for (const a of prevAnnots.byKey.values()) {
    for (const k of a.objects) if (!reach.has(k)) explained.add(k);
    if (nextAnnots.byKey.has(a.key)) continue;
    if (a.widget) {
      const owner = [...prevFields.values()].find((f) => f.widgets.includes(a.key));
      if (owner?.signed) changes.add('signed_field_changed', { field: owner.name });
      else if (!nextFields.has(owner?.name ?? '') || !owner) changes.add('field_removed', owner ? { field: owner.name } : { page: a.page });
      else changes.add('form_filled', { field: owner.name });
    } else changes.add('annotation_removed', { page: a.page });
  }

  // Catalog, AcroForm dictionary, DSS, metadata.
  const catalogRef = next.context.trailerInfo.Root;
  if (catalogRef instanceof PDFRef) explained.add(refKey(catalogRef));
  if (differingKeys(prev.catalog, next.catalog, CATALOG_ALLOWED).length > 0) changes.add('catalog_changed');
  const acroPrev = entry(prev, prev.catalog, 'AcroForm');
  const acroNext = entry(next, next.catalog, 'AcroForm');
  for (const a of [acroPrev, acroNext]) if (a.key) explained.add(a.key);
  const fieldsArrays = [entry(prev, asDict(prev, acroPrev.value), 'Fields'), entry(next, asDict(next, acroNext.value), 'Fields')];
  for (const a of fieldsArrays) if (a.key) explained.add(a.key);
  const drObjects = new Set<string>();
  reachable(next, asDict(next, acroNext.value)?.get(PDFName.of('DR')), drObjects);
  for (const k of drObjects) if (!reach.has(k)) explained.add(k);
  if (differingKeys(asDict(prev, acroPrev.value), asDict(next, acroNext.value), ACROFORM_ALLOWED).length > 0) changes.add('catalog_changed');

  const dssPrev = deepValue(prev, prev.catalog.get(PDFName.of('DSS')));
  const dssNext = deepValue(next, next.catalog.get(PDFName.of('DSS')));
  const dssObjects = new Set<string>();
  reachable(next, next.catalog.get(PDFName.of('DSS')), dssObjects);
  reachable(prev, prev.catalog.get(PDFName.of('DSS')), dssObjects);
  for (const k of dssObjects) if (!reach.has(k)) explained.add(k);
  if (dssPrev !== dssNext) {
    const vriKeys = (doc: PDFDocument) => new Set(asDict(doc, asDict(doc, doc.catalog.get(PDFName.of('DSS')))?.get(PDFName.of('VRI')))?.keys().map((k) => k.decodeText()) ?? []);
    const before = vriKeys(prev);
    const newVri = [...vriKeys(next)].filter((k) => !before.has(k));
    if (!dssNext) changes.add('dss_removed');
    else {
      changes.add('dss_added');
      if (newVri.length > 0) changes.add('vri_added');
    }
  }

  const metadata = [entry(prev, prev.catalog, 'Metadata'), entry(next, next.catalog, 'Metadata')];
  const info = [prev.context.trailerInfo.Info, next.context.trailerInfo.Info].filter((r): r is PDFRef => r instanceof PDFRef).map(refKey);
  const metaKeys = [...metadata.map((m) => m.key).filter((k): k is string => !!k), ...info];
  if (serialized(metadata[0].value) !== serialized(metadata[1].value) || metaKeys.some((k) => modified.has(k))) changes.add('metadata_changed');
  for (const k of metaKeys) explained.add(k);

  // Anything else that changed is not one of the allowed kinds of change.
  for (const k of modified) if (!explained.has(k)) changes.add('other_changed');
  return changes.list();
}
