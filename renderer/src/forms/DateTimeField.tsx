/**
 * The one date (or date and time) field of every form: a text box that always shows
 * dd/mm/yyyy and 24-hour time in Vietnam time, whatever the computer's locale (a native
 * <input type="datetime-local"> would print "12/04/2026, 08:00 AM" on an American system),
 * read back leniently, with a calendar button (our own popup, in the app's language) and an
 * inline message while the text is no date.
 */
import { useCallback, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatVietnamDay, parseVietnamDateTime, parseVietnamDay, vietnamDateTime, vietnamInstant } from '../../../shared/time/vietnam-time';
import { CalendarPopup, pickOf, todayInVietnam, type CalendarPick } from './CalendarPopup';
import './forms.css';

/** 'day': a Vietnam calendar day "YYYY-MM-DD"; 'dateTime': an instant as an ISO string. */
export type DateFieldKind = 'day' | 'dateTime';

interface Props {
  kind: DateFieldKind;
  label: string;
  /** The current value ('' when empty); null while the secretary's text is not a date yet. */
  value: string | null;
  /** The parsed value ('' when emptied), or null while the text is not a valid date. */
  onChange: (value: string | null) => void;
  /** The form's own message about this field (missing, end before start), shown until fixed. */
  error?: string | null;
  testId?: string;
  className?: string;
}

const shown = (kind: DateFieldKind, value: string) => (!value ? '' : kind === 'day' ? formatVietnamDay(value) : vietnamDateTime(value));
const parsed = (kind: DateFieldKind, text: string) => (text.trim() === '' ? '' : kind === 'day' ? parseVietnamDay(text) : parseVietnamDateTime(text));

export function DateTimeField({ kind, label, value, onChange, error, testId, className }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const pickButton = useRef<HTMLButtonElement>(null);
  const [picking, setPicking] = useState(false);
  const [text, setText] = useState(() => shown(kind, value ?? ''));
  const [blurred, setBlurred] = useState(false);
  // The value this field last reported: a different one came from outside (a reset after
  // saving, a synced change) and replaces what is typed.
  const [reported, setReported] = useState<string | null>(value);
  if (value !== reported && value !== null) {
    setReported(value);
    setText(shown(kind, value));
  }

  const report = (next: string) => {
    setText(next);
    const v = parsed(kind, next);
    setReported(v);
    onChange(v);
  };
  const invalid = parsed(kind, text) === null;
  const message = invalid && blurred ? t(kind === 'day' ? 'forms.date.invalidDay' : 'forms.date.invalidDateTime') : (error ?? null);

  const closePicker = useCallback(() => {
    setPicking(false);
    pickButton.current?.focus();
  }, []);
  const picked = (pick: CalendarPick) => {
    report(shown(kind, kind === 'day' ? pick.day : vietnamInstant(pick.day, pick.clock).toISOString()));
    setBlurred(true);
    closePicker();
  };

  return (
    <div className={`field date-field${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      <div className="date-field-row">
        <input
          id={id}
          type="text"
          inputMode="numeric"
          autoComplete="off"
          value={text}
          placeholder={t(kind === 'day' ? 'forms.date.placeholderDay' : 'forms.date.placeholderDateTime')}
          title={t(kind === 'day' ? 'forms.date.hintDay' : 'forms.date.hintDateTime')}
          aria-invalid={message ? true : undefined}
          aria-describedby={message ? `${id}-error` : undefined}
          onChange={(e) => report(e.target.value)}
          onBlur={() => {
            setBlurred(true);
            const v = parsed(kind, text);
            if (v) setText(shown(kind, v));
          }}
          data-testid={testId}
        />
        <button
          ref={pickButton}
          type="button"
          className="btn btn-small btn-icon date-field-pick"
          onClick={() => setPicking((p) => !p)}
          aria-label={t('forms.date.pick', { field: label })}
          aria-haspopup="dialog"
          aria-expanded={picking}
          data-testid={testId ? `${testId}-pick` : undefined}
        >
          <CalendarIcon />
        </button>
        {picking && <CalendarPopup withTime={kind === 'dateTime'} initial={pickOf(kind === 'dateTime', parsed(kind, text))} label={label} today={todayInVietnam()} onPick={picked} onClose={closePicker} />}
      </div>
      {message && (
        <small className="field-error" id={`${id}-error`} role="alert" data-testid={testId ? `${testId}-error` : undefined}>
          {message}
        </small>
      )}
    </div>
  );
}

/** Drawn, not an emoji: not every computer has a font with one. */
function CalendarIcon() {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <rect x="1.5" y="3" width="13" height="11.5" rx="1.5" fill="none" stroke="currentColor" strokeWidth="1.4" />
      <path d="M1.5 6.5h13M5 1.5v3M11 1.5v3" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" />
      <path d="M4.5 9h2M9.5 9h2M4.5 11.8h2" stroke="currentColor" strokeWidth="1.4" />
    </svg>
  );
}
