/**
 * Worker thread: compares the page texts of two versions of a document (versions/page-diff.ts).
 * A long document takes up to a second or two of CPU; it must not hold up bridge calls.
 */
import { diffPageTexts, type PageDiffResult } from '../versions/page-diff';
import { settle, type TaskResult } from './task-result';

export interface VersionDiffTask {
  oldPages: string[];
  newPages: string[];
}

export function diffVersions(task: VersionDiffTask): Promise<TaskResult<PageDiffResult>> {
  return settle(() => diffPageTexts(task.oldPages, task.newPages));
}
