/** The annotation tools in the reader's toolbar: tool, colour, the notes panel, "a copy with my notes" (with or without the notes shared in the meeting). */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ANNOTATION_COLORS, AnnotationColor } from '../../../shared/annotations';
import type { Tool } from './AnnotationLayer';

// Drawn icons: emoji fonts are not installed everywhere.
const ICONS: Record<Exclude<Tool, 'select'>, ReactNode> = {
  highlight: (
    <svg width="16" height="16" viewBox="0 0 16 16">
      <rect x="1" y="9" width="14" height="5" fill="#ffd400" />
      <text x="8" y="11" textAnchor="middle" fontSize="10" fontWeight="700" fill="currentColor">A</text>
    </svg>
  ),
  ink: (
    <svg width="16" height="16" viewBox="0 0 16 16">
      <path d="M1 12 C 4 4, 7 14, 10 7 S 14 6, 15 4" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
    </svg>
  ),
  note: (
    <svg width="16" height="16" viewBox="0 0 16 16">
      <path d="M2 2 H14 V11 H7 L4 14 V11 H2 Z" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinejoin="round" />
    </svg>
  ),
  textbox: (
    <svg width="16" height="16" viewBox="0 0 16 16">
      <rect x="1.5" y="2.5" width="13" height="11" fill="none" stroke="currentColor" strokeWidth="1.2" />
      <text x="8" y="11.5" textAnchor="middle" fontSize="9" fontWeight="700" fill="currentColor">T</text>
    </svg>
  ),
};
// The panel and the export as icons too, named by aria-label and tooltip: their words did not fit
// the reader's one-row toolbar and were cut off.
const NOTES_LIST_ICON = (
  <svg width="16" height="16" viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round">
    <path d="M5.5 3.5 H14 M5.5 8 H14 M5.5 12.5 H14" />
    <circle cx="2.3" cy="3.5" r="0.9" fill="currentColor" stroke="none" />
    <circle cx="2.3" cy="8" r="0.9" fill="currentColor" stroke="none" />
    <circle cx="2.3" cy="12.5" r="0.9" fill="currentColor" stroke="none" />
  </svg>
);
const EXPORT_ICON = (
  <svg width="16" height="16" viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round">
    <path d="M6 1.5 V8.5 M3.2 5.8 L6 8.5 L8.8 5.8 M1.5 12 H8" />
    <path d="M10 8.5 H14.5 V13 H12 L10.5 14.5 V13 H10 Z" strokeWidth="1.3" />
  </svg>
);
const SHARED_NOTES_ICON = (
  <svg width="16" height="16" viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinejoin="round">
    <path d="M1.5 4.5 H9.5 V10.5 H5 L3 12.5 V10.5 H1.5 Z" />
    <path d="M6.5 1.5 H14.5 V7.5 H13 V9.5 L11 7.5 H9.5" />
  </svg>
);
const TOOLS = (['highlight', 'ink', 'note', 'textbox'] as const).map((tool) => ({ tool, icon: ICONS[tool] }));

export function AnnotationToolbar({
  tool,
  color,
  onTool,
  onColor,
  panelOpen,
  onTogglePanel,
  canExport,
  onExport,
  includeShared,
  onIncludeShared,
  notice,
}: {
  tool: Tool;
  color: AnnotationColor;
  onTool: (t: Exclude<Tool, 'select'>) => void;
  onColor: (c: AnnotationColor) => void;
  panelOpen: boolean;
  onTogglePanel: () => void;
  canExport: boolean;
  onExport: () => void;
  /** Export also the notes others shared with the meeting. */
  includeShared: boolean;
  onIncludeShared: (v: boolean) => void;
  notice: string | null;
}) {
  const { t } = useTranslation();
  return (
    <span className="pdf-toolbar-group annotation-tools" role="group" aria-label={t('annotations.tools')}>
      {TOOLS.map(({ tool: k, icon }) => (
        <button
          key={k}
          type="button"
          className="btn btn-icon"
          aria-pressed={tool === k}
          aria-label={t(`annotations.${k}`)}
          title={t(`annotations.${k}`)}
          data-testid={`annotate-${k}`}
          // Keep the text selection: the highlight button uses it.
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => onTool(k)}
        >
          <span aria-hidden="true" className="annotation-tool-icon">
            {icon}
          </span>
        </button>
      ))}
      <span className="annotation-colors" role="radiogroup" aria-label={t('annotations.color')}>
        {AnnotationColor.options.map((c) => (
          <button
            key={c}
            type="button"
            role="radio"
            aria-checked={color === c}
            className="annotation-color"
            style={{ background: ANNOTATION_COLORS[c].hex }}
            aria-label={t(`annotations.colors.${c}`)}
            title={t(`annotations.colors.${c}`)}
            data-testid={`annotate-color-${c}`}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => onColor(c)}
          />
        ))}
      </span>
      <IconButton icon={NOTES_LIST_ICON} label={t('annotations.togglePanel')} pressed={panelOpen} onClick={onTogglePanel} testId="toggle-annotations" />
      <IconButton
        icon={EXPORT_ICON}
        label={t('annotations.export')}
        title={canExport ? t('annotations.export') : t('annotations.exportDisabled')}
        disabled={!canExport}
        onClick={onExport}
        testId="export-with-notes"
      />
      <IconButton
        icon={SHARED_NOTES_ICON}
        label={t('annotations.exportIncludeShared')}
        title={t('annotations.exportIncludeSharedHint')}
        pressed={includeShared}
        disabled={!canExport}
        onClick={() => onIncludeShared(!includeShared)}
        testId="export-include-shared"
      />
      {notice && (
        <span className="annotation-hint muted" role="status" data-testid="annotation-hint">
          {notice}
        </span>
      )}
    </span>
  );
}

/** A toolbar button that shows only its drawn icon: the label is its accessible name, the title its tooltip. */
function IconButton(p: { icon: ReactNode; label: string; title?: string; pressed?: boolean; disabled?: boolean; onClick: () => void; testId: string }) {
  return (
    <button type="button" className="btn btn-icon" aria-pressed={p.pressed} disabled={p.disabled} onClick={p.onClick} aria-label={p.label} title={p.title ?? p.label} data-testid={p.testId}>
      <span aria-hidden="true" className="annotation-tool-icon">
        {p.icon}
      </span>
    </button>
  );
}
