/** What every mutation handler gets from push (server/sync/push.ts): one shape for all capabilities. */
import type { Mutation } from '../../shared/api';
import type { BlobStore } from '../blobs/store';
import type { Db } from '../db/open';
import type { UserRow } from '../db/schema';
import type { MinutesVoteSection } from '../pdf/minutes';
import type { Viewer } from './access';
import type { ChangeRecorder } from './changelog';

export interface MutationCtx {
  /** The transaction the mutation runs in: everything it writes commits or rolls back together. */
  trx: Db;
  user: UserRow;
  viewer: Viewer;
  now: string;
  rec: ChangeRecorder;
  /** Where generated PDFs and uploaded images are stored; absent in bare unit use. */
  blobs?: BlobStore;
  /** The vote results the minutes PDF prints (server/live-meeting/vote-pdf.ts); none when absent. */
  voteResults?: MinutesVoteSection;
  /** What the mutator's `prepare` returned, when it has one (see server/mutators/types.ts). */
  prepared?: unknown;
}

/** What a mutator's `prepare` gets: the database outside any transaction, read only. */
export interface PrepareCtx {
  db: Db;
  user: UserRow;
  viewer: Viewer;
  now: string;
  blobs?: BlobStore;
}

/** The arguments of one mutation kind. */
export type MutationArgs<K extends Mutation['kind']> = Extract<Mutation, { kind: K }>['args'];
