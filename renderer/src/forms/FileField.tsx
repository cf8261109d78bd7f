/**
 * A file field in the app's language: Chromium draws its own "Choose File / No file chosen" in
 * the browser's language, so the native input is hidden (still named, for screen readers that
 * list it) behind a button and the chosen file's name.
 */
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import './forms.css';

interface Props {
  label: string;
  accept: string;
  onFile: (file: File | null) => void;
  /** On the native input, which tests hand files to. */
  testId?: string;
  /** Forget the name once the file is used (each pick is its own action). */
  keepName?: boolean;
}

export function FileField({ label, accept, onFile, testId, keepName = true }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [name, setName] = useState<string | null>(null);
  return (
    <div className="field file-field">
      <span className="file-field-label" id={`${id}-label`}>
        {label}
      </span>
      <div className="file-field-row">
        <input
          ref={input}
          type="file"
          className="sr-only"
          tabIndex={-1}
          accept={accept}
          aria-labelledby={`${id}-label`}
          data-testid={testId}
          onChange={(e) => {
            const file = e.target.files?.[0] ?? null;
            setName(keepName ? (file?.name ?? null) : null);
            onFile(file);
            if (!keepName) e.target.value = '';
          }}
        />
        <button type="button" className="btn btn-small" onClick={() => input.current?.click()} aria-label={t('forms.file.chooseFor', { field: label })} aria-describedby={`${id}-name`}>
          {t('forms.file.choose')}
        </button>
        <span id={`${id}-name`} className="muted small file-field-name">
          {name ?? t('forms.file.none')}
        </span>
      </div>
    </div>
  );
}
