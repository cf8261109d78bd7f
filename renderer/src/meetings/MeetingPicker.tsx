/**
 * Choosing one meeting among a year of them (~900: a signing request's meeting, the audit log's
 * filter): a text field that narrows the meetings by their day and title as one types, with or
 * without diacritics ("giao ban 06/12"), newest first, the first SHOWN of them listed. Arrow keys,
 * Enter and Escape as in any combobox (WAI-ARIA's combobox with a listbox popup); the first
 * choice is "none" (`emptyLabel`: choose one / every meeting).
 */
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { foldVietnamese } from '../../../shared/text/fold';
import { PICKER_SHOWN as SHOWN, type MeetingOption } from './meeting-options';

export function MeetingPicker({
  id,
  choices,
  value,
  onChange,
  emptyLabel,
  testId,
}: {
  /** The field's id, for its label's htmlFor. */
  id: string;
  /** The meetings, in the order listed (meetingOptions: newest first, named by day and title). */
  choices: readonly MeetingOption[];
  /** The chosen meeting's id, '' for none. */
  value: string;
  onChange: (id: string) => void;
  emptyLabel: string;
  testId: string;
}) {
  const { t } = useTranslation();
  const listId = useId();
  const [open, setOpen] = useState(false);
  /** What is typed; null while not typing (the field shows the chosen meeting). */
  const [query, setQuery] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const listRef = useRef<HTMLUListElement>(null);
  const folded = useMemo(() => choices.map((c) => foldVietnamese(c.label)), [choices]);
  const matching = useMemo(() => {
    const words = foldVietnamese(query ?? '')
      .split(/\s+/u)
      .filter(Boolean);
    return words.length === 0 ? choices : choices.filter((_, i) => words.every((w) => folded[i].includes(w)));
  }, [choices, folded, query]);
  const listed: MeetingOption[] = [{ id: '', label: emptyLabel }, ...matching.slice(0, SHOWN)];
  /** The choice Enter takes (the list may have shrunk under the one moved to). */
  const current = Math.min(active, listed.length - 1);
  const chosen = choices.find((c) => c.id === value);
  const optionId = (i: number) => `${listId}-${i}`;

  // The active choice stays in sight while moving with the keys.
  useEffect(() => {
    if (open) listRef.current?.querySelector(`[id="${CSS.escape(optionId(active))}"]`)?.scrollIntoView({ block: 'nearest' });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- optionId only depends on listId
  }, [open, active]);

  const close = () => {
    setOpen(false);
    setQuery(null);
  };
  const choose = (c: MeetingOption) => {
    onChange(c.id);
    close();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!open) {
        setOpen(true);
        setActive(0);
        return;
      }
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((a) => (a + step + listed.length) % listed.length);
    } else if (e.key === 'Enter' && open) {
      // A choice, not the form's submit.
      e.preventDefault();
      choose(listed[current]);
    } else if (e.key === 'Escape' && open) {
      e.preventDefault();
      close();
    }
  };

  return (
    <div className="meeting-picker">
      <input
        id={id}
        type="text"
        role="combobox"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open ? optionId(current) : undefined}
        autoComplete="off"
        spellCheck={false}
        value={query ?? chosen?.label ?? ''}
        placeholder={chosen ? undefined : emptyLabel}
        title={t('meetings.picker.hint')}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(e.target.value.trim() ? 1 : 0);
          setOpen(true);
        }}
        onFocus={(e) => e.target.select()}
        onClick={() => setOpen(true)}
        onKeyDown={onKeyDown}
        onBlur={close}
        data-testid={testId}
      />
      {open && (
        <div className="meeting-picker-popup">
          <ul className="meeting-picker-list" role="listbox" id={listId} ref={listRef} aria-label={emptyLabel} data-testid={`${testId}-list`}>
            {listed.map((c, i) => (
              <li
                key={c.id || '-'}
                id={optionId(i)}
                role="option"
                aria-selected={c.id === value}
                className={i === current ? 'active' : undefined}
                // Chosen on press, before the field loses the focus (which closes the list).
                onMouseDown={(e) => {
                  e.preventDefault();
                  choose(c);
                }}
                data-testid={`${testId}-option`}
                data-value={c.id}
              >
                {c.label}
              </li>
            ))}
          </ul>
          {(matching.length === 0 || matching.length > SHOWN) && (
            <p className="meeting-picker-note" role="status" data-testid={`${testId}-note`}>
              {matching.length === 0 ? t('meetings.picker.none') : t('meetings.picker.more', { count: matching.length - SHOWN })}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
