/** Small helpers of the secretariat screens: ids for new rows, submitting mutations, Vietnam-time inputs, uploads, downloads. */
import type { SubmitResult } from '../../../shared/secretariat-bridge';
import { invoke } from '../bridge';
import { saveBlob } from '../save-file';
import type { MutationInput } from '../mutations';

/** A fresh id for a new row (meeting, participant, agenda item…); mutation ids come from mutation(). */
export const newId = (): string => crypto.randomUUID();

/** Sends mutations through the services (outbox first) and returns the first non-applied answer, if any. */
export async function submit(mutations: MutationInput[]): Promise<SubmitResult[]> {
  return (await invoke('secretariat.submit', { mutations })).results;
}

/** <input type="datetime-local"> values in Vietnam time, whatever the computer's own time zone. */
export { fromVietnamLocal, toVietnamLocal } from '../../../shared/time/vietnam-time';

/** Saves text or base64 bytes as a file the user downloads. */
export function download(fileName: string, content: { text: string } | { base64: string }, mime: string): void {
  const blob =
    'text' in content ? new Blob([content.text], { type: mime }) : new Blob([Uint8Array.from(atob(content.base64), (c) => c.charCodeAt(0))], { type: mime });
  saveBlob(blob, fileName);
}
