/**
 * Bridge methods of "what changed between versions". Spread into BridgeMethods
 * (shared/bridge.ts). Must not import shared/bridge.ts (it imports this file).
 */
import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { Id } from './ids';
import { VersionDiff } from './version-diff';

export const VersionBridgeMethods = {
  /**
   * The changes of the document's current version against an earlier one (default: the one
   * before it). Computed off the UI thread once both versions' text is on this device; until
   * then `status: 'pending'` (the previous version is fetched if online) and the view asks again
   * on `search.indexed`.
   */
  'versions.diff': {
    input: lazySchema(() => z.object({ documentId: Id, fromVersion: z.number().int().min(1).optional() })),
    output: VersionDiff,
  },
} as const;
