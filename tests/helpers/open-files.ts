/** Files this process holds open (Linux /proc): a leaked handle is a bug a user eventually meets. */
import fs from 'node:fs';
import path from 'node:path';

export function openHandles(matches: (file: string) => boolean): number {
  const dir = '/proc/self/fd';
  return fs.readdirSync(dir).filter((fd) => {
    try {
      return matches(fs.readlinkSync(path.join(dir, fd)));
    } catch {
      return false;
    }
  }).length;
}
