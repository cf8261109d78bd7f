/** Optimistic concurrency: a save or delete names the revision it was decided on; a stale one gets `conflict`. */
import { Revision } from '../entities';

export const BaseRevision = { baseRevision: Revision.optional() };
