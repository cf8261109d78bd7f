/**
 * The lookup behind `translate`, on a catalogue given: a program that needs one section of the
 * messages (the `ecabinet verify` command: `signing`) imports that section alone.
 */
export function lookup(catalogue: unknown, key: string, vars: Record<string, string | number> = {}): string {
  let node: unknown = catalogue;
  for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  const text = typeof node === 'string' ? node : key;
  return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(vars[name] ?? ''));
}
