import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { AppError } from '../shared/errors';

/** Thrown for a usage mistake: printed with the command's help, exit status 2. */
export class UsageError extends Error {}

export function parse<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

export function requireString(value: unknown, flag: string): string {
  if (typeof value !== 'string' || value.length === 0) throw new UsageError(`Thiếu ${flag} (missing ${flag})`);
  return value;
}

export function parsePort(value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`Cổng không hợp lệ (invalid port): ${String(value)}`);
  return n;
}

// Recognised by shape, and the catalogue loaded only for one: importing either module here would
// load zod and every message for each command, `--help` included.
const isAppError = (e: unknown): e is AppError => e instanceof Error && e.name === 'AppError' && typeof (e as AppError).code === 'string';

export async function describeError(e: unknown): Promise<string> {
  if (isAppError(e)) {
    const { translate } = await import('../shared/i18n');
    return `${translate('vi', `errors.${e.code}`)} / ${e.message} [${e.code}]`;
  }
  if (e instanceof Error) return e.message;
  return String(e);
}
