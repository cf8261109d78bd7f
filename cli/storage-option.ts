import path from 'node:path';
import type { ServerStorage } from '../server/data-folder';
import { requireString, UsageError } from './args';

/** How a command that reaches the server's rows names them. */
export const WHERE = '(--data DIR | --db postgres://… --blobs DIR)';

export const WHERE_OPTIONS = { data: { type: 'string' }, db: { type: 'string' }, blobs: { type: 'string' } } as const;

export function storageFrom(values: { data?: string; db?: string; blobs?: string }): ServerStorage {
  if (values.db !== undefined) {
    if (values.data !== undefined) throw new UsageError('--data hoặc --db, không cả hai (--data or --db, not both)');
    if (!/^postgres(ql)?:\/\//.test(values.db)) throw new UsageError('--db: địa chỉ postgres://… (a postgres://… address)');
    return { dataDir: path.resolve(requireString(values.blobs, '--blobs')), database: { kind: 'postgres', url: values.db } };
  }
  return path.resolve(requireString(values.data, '--data'));
}
