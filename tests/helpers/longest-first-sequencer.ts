/**
 * The order test files start in: longest first. Two workers take the next file as they finish,
 * so a long file started last (vitest's own order on a fresh clone puts small files, such as
 * the accessibility walk or the crash loop, at the end) leaves one core idle while it runs
 * alone. Durations come from `tests/test-file-seconds.json` (CPU-busy run on two cores,
 * refreshed with `node scripts/test-file-seconds.mjs` after a full run); a file not listed
 * yet is guessed from its folder.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const root = path.resolve(__dirname, '../..');

/** Seconds a file of each folder takes when it is not in the list yet. */
const GUESS_BY_FOLDER: Record<string, number> = { e2e: 40, reliability: 30, cli: 20, demo: 10, integration: 8, server: 6, signing: 4, unit: 1 };

function measured(): Record<string, number> {
  try {
    return JSON.parse(readFileSync(path.join(root, 'tests', 'test-file-seconds.json'), 'utf8')) as Record<string, number>;
  } catch {
    return {};
  }
}

export function expectedSeconds(file: string, known: Record<string, number>): number {
  const rel = path.relative(root, file).split(path.sep).join('/');
  return known[rel] ?? GUESS_BY_FOLDER[rel.split('/')[1] ?? ''] ?? 5;
}

export default class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const known = measured();
    return [...files].sort((a, b) => expectedSeconds(b.moduleId, known) - expectedSeconds(a.moduleId, known) || a.moduleId.localeCompare(b.moduleId));
  }
}
