/** "Tải tệp gốc (.docx)": the office file a document's PDF was converted from, shown only when the server has one the reader may download. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { originalExtension } from '../../../shared/office-originals';
import { invoke } from '../bridge';
import { saveBlob } from '../save-file';

/** Saves the file served at `url` under `fileName` (the document server gives the cached copy). */
async function saveAs(url: string, fileName: string): Promise<void> {
  const blob = await (await fetch(url)).blob();
  saveBlob(new Blob([blob], { type: 'application/octet-stream' }), fileName);
}

export function OriginalDownload({ documentId, sha256 }: { documentId: string; sha256: string }) {
  const { t } = useTranslation();
  const [original, setOriginal] = useState<{ fileName: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let current = true;
    setOriginal(null);
    // Offline or none: no button.
    void invoke('documents.original', { id: documentId })
      .catch(() => null)
      .then((o) => {
        if (current) setOriginal(o);
      });
    return () => {
      current = false;
    };
  }, [documentId, sha256]);
  if (!original) return null;
  return (
    <button
      type="button"
      className="btn btn-small"
      data-testid="original-download"
      title={t('documentFiles.original.title', { name: original.fileName })}
      disabled={busy}
      aria-invalid={failed || undefined}
      onClick={() => {
        setBusy(true);
        setFailed(false);
        invoke('documents.openOriginal', { id: documentId })
          .then((o) => saveAs(o.url, o.fileName))
          .catch(() => setFailed(true))
          .finally(() => setBusy(false));
      }}
    >
      {busy ? t('documentFiles.original.downloading') : t('documentFiles.original.download', { ext: originalExtension(original.fileName) })}
    </button>
  );
}
