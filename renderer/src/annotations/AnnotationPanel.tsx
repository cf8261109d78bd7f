/**
 * The notes panel: the member's annotations by page (jump to, write the note, colour, share
 * with the meeting, delete), the copies others shared, and the notice for annotations left on
 * an older version.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ANNOTATION_COLORS, pageOf, quoteOf, styleOf, textOf } from '../../../shared/annotations';
import type { AnnotationView, DocumentAnnotations } from '../../../shared/annotations-bridge';
import { invoke } from '../bridge';

function Swatch({ a }: { a: AnnotationView }) {
  return <span className="annotation-swatch" style={{ background: ANNOTATION_COLORS[styleOf(a.annotation).color].hex }} aria-hidden="true" />;
}

function MyAnnotation({ a, selected, onSelect, onJump, onFail }: { a: AnnotationView; selected: boolean; onSelect: () => void; onJump: (p: number) => void; onFail: (e: unknown) => void }) {
  const { t } = useTranslation();
  const w = a.annotation;
  const { kind } = styleOf(w);
  const page = pageOf(w);
  // What the member is writing survives the panel's reloads (each change to any annotation, a sync,
  // another device's edit): only a change of the stored text itself replaces it, and only while
  // nothing unsaved was written.
  const stored = textOf(w);
  const [text, setText] = useState(stored);
  const [base, setBase] = useState(stored);
  if (stored !== base) {
    setBase(stored);
    if (text === base) setText(stored);
  }
  const quote = quoteOf(w)?.exact;
  const dirty = text !== stored;
  return (
    <li className={`annotation-item${selected ? ' selected' : ''}`} data-testid="annotation-item" data-annotation-id={a.id} data-kind={kind} onClick={onSelect}>
      <div className="annotation-item-head">
        <Swatch a={a} />
        <strong>{t(`annotations.kinds.${kind}`)}</strong>
        <button type="button" className="btn btn-ghost annotation-page" onClick={() => onJump(page)} title={t('annotations.goTo', { page })} data-testid="annotation-jump">
          {t('annotations.page', { page })}
        </button>
        {a.shared && <span className="badge" data-testid="annotation-shared-badge">{t('annotations.sharedBadge')}</span>}
      </div>
      {quote && <blockquote className="annotation-quote">{quote}</blockquote>}
      <textarea
        className="annotation-text"
        value={text}
        placeholder={t('annotations.notePlaceholder')}
        aria-label={t('annotations.notePlaceholder')}
        data-testid="annotation-text"
        rows={kind === 'highlight' || kind === 'ink' ? 1 : 3}
        autoFocus={selected && (kind === 'note' || kind === 'textbox') && !textOf(w)}
        onChange={(e) => setText(e.target.value)}
      />
      <div className="annotation-actions">
        {dirty && (
          <button type="button" className="btn btn-primary" data-testid="annotation-save" onClick={() => invoke('annotations.update', { id: a.id, text }).catch(onFail)}>
            {t('annotations.save')}
          </button>
        )}
        <button type="button" className="btn" data-testid="annotation-share" onClick={() => invoke('annotations.update', { id: a.id, shared: !a.shared }).catch(onFail)}>
          {a.shared ? t('annotations.unshare') : t('annotations.share')}
        </button>
        <button type="button" className="btn btn-ghost" data-testid="annotation-delete" onClick={() => invoke('annotations.delete', { id: a.id }).catch(onFail)}>
          {t('annotations.delete')}
        </button>
      </div>
    </li>
  );
}

export function AnnotationPanel({
  data,
  selectedId,
  onSelect,
  onJump,
  onFail,
}: {
  data: DocumentAnnotations | null;
  selectedId: string | null;
  onSelect: (id: string) => void;
  onJump: (page: number) => void;
  onFail: (e: unknown) => void;
}) {
  const { t } = useTranslation();
  const mine = data?.mine ?? [];
  const shared = data?.shared ?? [];
  const notCarried = data?.notCarried ?? [];
  return (
    <aside className="annotation-panel" aria-label={t('annotations.panel')} data-testid="annotation-panel">
      <h2 className="annotation-panel-title">{t('annotations.panel')}</h2>
      {notCarried.length > 0 && (
        <details className="annotation-not-carried" data-testid="annotations-not-carried" open>
          <summary>{t('annotations.notCarried', { count: notCarried.length })}</summary>
          <p className="muted">{t('annotations.notCarriedHint')}</p>
          <ul>
            {notCarried.map((a) => (
              <li key={a.id} data-testid="annotation-orphaned" data-annotation-id={a.id}>
                <Swatch a={a} /> {t('annotations.oldVersion', { version: a.annotation.target['ecabinet:version'] })}, {t('annotations.page', { page: pageOf(a.annotation) })}:{' '}
                {quoteOf(a.annotation)?.exact || textOf(a.annotation) || t(`annotations.kinds.${styleOf(a.annotation).kind}`)}{' '}
                <span className="badge">{t('annotations.orphaned')}</span>
              </li>
            ))}
          </ul>
        </details>
      )}
      {mine.length === 0 ? (
        <p className="muted" data-testid="annotations-empty">
          {t('annotations.empty')}
        </p>
      ) : (
        <ul className="annotation-list">
          {mine.map((a) => (
            <MyAnnotation key={a.id} a={a} selected={a.id === selectedId} onSelect={() => onSelect(a.id)} onJump={onJump} onFail={onFail} />
          ))}
        </ul>
      )}
      {shared.length > 0 && (
        <>
          <h3 className="annotation-panel-title">{t('annotations.sharedByOthers')}</h3>
          <ul className="annotation-list">
            {shared.map((a) => (
              <li key={a.id} className="annotation-item" data-testid="shared-annotation-item">
                <div className="annotation-item-head">
                  <Swatch a={a} />
                  <strong>{t(`annotations.kinds.${styleOf(a.annotation).kind}`)}</strong>
                  <button type="button" className="btn btn-ghost annotation-page" onClick={() => onJump(pageOf(a.annotation))}>
                    {t('annotations.page', { page: pageOf(a.annotation) })}
                  </button>
                </div>
                <div className="muted">{t('annotations.byAuthor', { name: a.authorName })}</div>
                {quoteOf(a.annotation) && <blockquote className="annotation-quote">{quoteOf(a.annotation)!.exact}</blockquote>}
                {textOf(a.annotation) && <p>{textOf(a.annotation)}</p>}
              </li>
            ))}
          </ul>
        </>
      )}
    </aside>
  );
}
