/**
 * Reads a small picked file as base64: a PKCS#12 key or a seal image, bounded by their bridge
 * schemas. Documents never go this way: see window.ecabinet.uploadFile (DocumentUploader).
 */
export function fileToBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''));
    r.onerror = () => reject(r.error ?? new Error('cannot read file'));
    r.readAsDataURL(file);
  });
}

export function fileToText(file: File): Promise<string> {
  return file.text();
}
