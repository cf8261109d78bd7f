/** Small helpers of the secretariat screens (issue 3). */
import type { Mutation } from '../../../shared/api';
import type { SubmitResult } from '../../../shared/secretariat-bridge';
import { invoke } from '../bridge';

export const newId = (): string => crypto.randomUUID();

/** Sends mutations through the services (outbox first) and returns the first non-applied answer, if any. */
export async function submit(mutations: Mutation[]): Promise<SubmitResult[]> {
  return (await invoke('secretariat.submit', { mutations })).results;
}

/** "2026-11-23T08:00" in Vietnam time, for <input type="datetime-local">. */
export function toVietnamLocal(iso: string): string {
  return new Date(Date.parse(iso) + 7 * 3600_000).toISOString().slice(0, 16);
}
export function fromVietnamLocal(local: string): string {
  return new Date(Date.parse(`${local}:00+07:00`)).toISOString();
}

/** Saves text or base64 bytes as a file the user downloads. */
export function download(fileName: string, content: { text: string } | { base64: string }, mime: string): void {
  const blob =
    'text' in content ? new Blob([content.text], { type: mime }) : new Blob([Uint8Array.from(atob(content.base64), (c) => c.charCodeAt(0))], { type: mime });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
