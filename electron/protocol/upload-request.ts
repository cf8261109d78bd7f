/**
 * What the Electron preload sends main for a picked file (IPC_UPLOAD_CHANNEL): its path on disk
 * (webUtils.getPathForFile), or — for a file that has none — its bytes as one binary message.
 * Never base64.
 */
import path from 'node:path';
import { z } from 'zod';
import { UploadFileName } from '../../shared/secretariat-bridge';

export const ShellUploadRequest = z.union([
  z.object({ path: z.string().min(1).max(4096).refine((p) => path.isAbsolute(p), 'an absolute path'), fileName: UploadFileName }).strict(),
  z.object({ bytes: z.union([z.instanceof(ArrayBuffer), z.instanceof(Uint8Array)]), fileName: UploadFileName }).strict(),
]);
export type ShellUploadRequest = z.infer<typeof ShellUploadRequest>;
