/**
 * Drop zone for several files at once, one line per file. The dropped File objects go to the
 * shell whole (window.ecabinet.uploadFile): Electron passes their path to the services, browser
 * mode streams them to the host. The page never reads a file into memory or base64.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UploadedFile, UploadProgress } from '../../../shared/secretariat-bridge';
import { OFFICE_EXTENSIONS } from '../../../shared/secretariat';
import { toUiError, UiError } from '../bridge';
import { errorText } from '../errors';

interface Job {
  key: string;
  name: string;
  state: 'uploading' | 'done' | 'waiting' | 'failed';
  /** While uploading: what the services last said (bytes sent, then converting or checking on the server). */
  progress?: Omit<UploadProgress, 'fileName'>;
  error?: unknown;
}

function uploadFile(file: File): Promise<UploadedFile> {
  const bridge = window.ecabinet;
  if (!bridge) return Promise.reject(new UiError('internal', 'window.ecabinet is missing'));
  return bridge.uploadFile(file).catch((e: unknown) => {
    throw toUiError(e);
  });
}

/** The share sent while uploading, indeterminate while the server converts or checks it (or before the first report), full once done. */
const progressValue = (j: Job) => {
  if (j.state !== 'uploading') return 1;
  const p = j.progress;
  return p?.stage === 'uploading' && p.total > 0 ? p.sent / p.total : undefined;
};

const percentOf = (p: Omit<UploadProgress, 'fileName'>) => (p.total > 0 ? Math.floor((100 * p.sent) / p.total) : 0);

/** What an upload is doing, in words. */
function uploadingText(t: (k: string, o?: Record<string, unknown>) => string, j: Job): string {
  const p = j.progress;
  if (!p) return t('secretariat.documents.uploading', { name: j.name });
  if (p.stage === 'uploading') return t('documentFiles.upload.uploading', { name: j.name, percent: percentOf(p) });
  return t(`documentFiles.upload.${p.stage}`, { name: j.name });
}

export function DocumentUploader({ onUploaded, compact, label, testId }: { onUploaded: (f: UploadedFile) => unknown; compact?: boolean; label?: string; testId?: string }) {
  const { t } = useTranslation();
  const [jobs, setJobs] = useState<Job[]>([]);
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  // The services report each upload by its file name: the oldest unfinished job of that name.
  useEffect(
    () =>
      window.ecabinet?.on('uploads.progress', ({ fileName, ...progress }) =>
        setJobs((js) => {
          const i = js.findIndex((j) => j.name === fileName && j.state === 'uploading');
          return i < 0 ? js : js.map((j, k) => (k === i ? { ...j, progress } : j));
        }),
      ),
    [],
  );

  const start = (files: FileList | File[]) => {
    for (const file of Array.from(files)) {
      const key = `${file.name}-${Math.random()}`;
      const update = (patch: Partial<Job>) => setJobs((js) => js.map((j) => (j.key === key ? { ...j, ...patch } : j)));
      setJobs((js) => [...js, { key, name: file.name, state: 'uploading' }]);
      // One request per file, all files in parallel.
      void uploadFile(file).then(
        async (done) => {
          update({ state: done.uploaded ? 'done' : 'waiting' });
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
      accept={['.pdf', 'application/pdf', ...OFFICE_EXTENSIONS].join(',')}
      className="sr-only"
      // Hidden behind the visible "choose" button, which is what the keyboard reaches; named for
      // screen readers that still list it.
      aria-label={label ?? t('secretariat.documents.choose')}
      tabIndex={-1}
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
          {label ?? t('secretariat.documents.choose')}
        </button>
        {jobs.filter((j) => j.state !== 'done').map((j) => (
          <progress key={j.key} max={1} value={progressValue(j)} aria-label={j.state === 'uploading' ? uploadingText(t, j) : t('secretariat.documents.uploading', { name: j.name })} />
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
          <li key={j.key} data-testid="upload-job" data-state={j.state} data-stage={j.state === 'uploading' ? (j.progress?.stage ?? 'uploading') : j.state}>
            <span className="grow" role="status">
              {j.state === 'uploading' && uploadingText(t, j)}
              {j.state === 'done' && t('secretariat.documents.uploaded', { name: j.name })}
              {j.state === 'waiting' && t('secretariat.documents.waiting', { name: j.name })}
              {j.state === 'failed' && t('secretariat.documents.failed', { name: j.name, error: errorText(t, j.error) })}
            </span>
            <progress max={1} value={progressValue(j)} />
          </li>
        ))}
      </ul>
    </div>
  );
}
