/** Hands `blob` to the browser's download as `fileName` (the one way the app saves a file the user asked for). */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  // The download reads the URL after the click returns: release it a while later.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
