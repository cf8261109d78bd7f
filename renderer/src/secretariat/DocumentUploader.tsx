/**
 * Drop zone for several files at once, with one progress bar per file. The renderer reads the
 * dropped File objects and hands their bytes to the services in chunks (see util.uploadFile).
 */
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UploadedFile } from '../../../shared/secretariat-bridge';
import { errorText } from '../errors';
import { uploadFile } from './util';

interface Job {
  key: string;
  name: string;
  progress: number;
  state: 'uploading' | 'done' | 'waiting' | 'failed';
  error?: unknown;
}

export function DocumentUploader({ onUploaded, compact, label, testId }: { onUploaded: (f: UploadedFile) => unknown; compact?: boolean; label?: string; testId?: string }) {
  const { t } = useTranslation();
  const [jobs, setJobs] = useState<Job[]>([]);
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  const start = (files: FileList | File[]) => {
    for (const file of Array.from(files)) {
      const key = `${file.name}-${Math.random()}`;
      const update = (patch: Partial<Job>) => setJobs((js) => js.map((j) => (j.key === key ? { ...j, ...patch } : j)));
      setJobs((js) => [...js, { key, name: file.name, progress: 0, state: 'uploading' }]);
      // Files go one request at a time per file, all files in parallel.
      void uploadFile(file, (p) => update({ progress: p })).then(
        async (done) => {
          update({ progress: 1, state: done.uploaded ? 'done' : 'waiting' });
          await onUploaded(done);
        },
        (error: unknown) => update({ state: 'failed', error }),
      );
    }
  };

  const picker = (
    <input
      ref={input}
      type="file"
      multiple={!compact}
      accept=".pdf,application/pdf,.docx,.xlsx"
      className="sr-only"
      data-testid={testId ? `${testId}-input` : undefined}
      onChange={(e) => {
        if (e.target.files) start(e.target.files);
        e.target.value = '';
      }}
    />
  );

  if (compact) {
    return (
      <>
        {picker}
        <button type="button" className="btn btn-small" onClick={() => input.current?.click()}>
          {label}
        </button>
        {jobs.filter((j) => j.state !== 'done').map((j) => (
          <progress key={j.key} max={1} value={j.progress} aria-label={t('secretariat.documents.uploading', { name: j.name })} />
        ))}
      </>
    );
  }
  return (
    <div
      className={`drop-zone${over ? ' over' : ''}`}
      data-testid={testId}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        if (e.dataTransfer.files.length) start(e.dataTransfer.files);
      }}
    >
      {picker}
      <p>
        {t('secretariat.documents.drop')}{' '}
        <button type="button" className="btn btn-small" onClick={() => input.current?.click()}>
          {t('secretariat.documents.choose')}
        </button>
      </p>
      <ul className="upload-jobs">
        {jobs.map((j) => (
          <li key={j.key} data-testid="upload-job" data-state={j.state}>
            <span className="grow">
              {j.state === 'uploading' && t('secretariat.documents.uploading', { name: j.name })}
              {j.state === 'done' && t('secretariat.documents.uploaded', { name: j.name })}
              {j.state === 'waiting' && t('secretariat.documents.waiting', { name: j.name })}
              {j.state === 'failed' && t('secretariat.documents.failed', { name: j.name, error: errorText(t, j.error) })}
            </span>
            <progress max={1} value={j.progress} />
          </li>
        ))}
      </ul>
    </div>
  );
}
