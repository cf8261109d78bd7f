/** Where text recognition (OCR) of a document's PDF stands on the server, asked again while it runs. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OcrStatus } from '../../../../shared/ocr';
import { invoke } from '../../bridge';

const ASK_AGAIN_MS = 3_000;

export function OcrState({ sha256 }: { sha256: string }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<OcrStatus | null>(null);
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ask = async () => {
      // Offline or refused: nothing to show (the upload itself is unaffected).
      const s = await invoke('secretariat.ocrStatus', { sha256 }).catch(() => null);
      if (stopped) return;
      setStatus(s);
      if (s && (s.state === 'queued' || s.state === 'running')) timer = setTimeout(() => void ask(), ASK_AGAIN_MS);
    };
    setStatus(null);
    void ask();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [sha256]);
  // A PDF with its own text needs no word about OCR.
  if (!status || status.state === 'not_needed') return null;
  const text =
    status.state === 'failed'
      ? t('ocr.state.failed', { reason: t(`ocr.reason.${status.reason ?? 'unreadable'}`) })
      : t(`ocr.state.${status.state}`, { done: status.done, total: status.total });
  return (
    <span className={`muted small ocr-state ocr-${status.state}`} role="status" data-testid="ocr-state" title={status.state === 'done' ? t('ocr.note') : undefined}>
      {text}
    </span>
  );
}
