/**
 * What a shell (Electron main, the browser host) needs of the client services: the services
 * process (ServicesProcess) in the app, or services in this process (tests of the host).
 */
import type { BridgeEventName, BridgeEventPayload, BridgeHandlers, BridgeMethodName, BridgeResult } from '../../shared/bridge';
import { dispatchBridgeCall, errorResult } from '../services/bridge-dispatch';
import type { ClientServices, ImportedFileSource } from '../services/index';
import { keyHexForFile } from '../services/crypto/blob-file';

export interface HostedServices {
  /** One bridge call whose input the shell has checked (checkBridgeInput); errors are values. */
  call(method: BridgeMethodName, input: unknown): Promise<BridgeResult>;
  on<E extends BridgeEventName>(event: E, listener: (payload: BridgeEventPayload<E>) => void): () => void;
  /** The verified path of a blob the signed-in user may see and the key it is encrypted with (hex), or null. */
  blobFile(sha256: string): Promise<{ path: string; keyHex?: string } | null>;
  /** A picked file, by path (see ClientServices.importUpload); the value is an UploadedFile. */
  importUpload(source: ImportedFileSource): Promise<BridgeResult>;
}

/** Services created in this process (createClientServices), or a stand-in with the same shape. */
export type InProcessServices = Pick<ClientServices, 'handlers' | 'on' | 'blobFile'> & Partial<Pick<ClientServices, 'importUpload'>>;

export function inProcessServices(s: InProcessServices): HostedServices {
  return {
    call: (method, input) => dispatchBridgeCall(s.handlers as BridgeHandlers, method, input),
    on: (event, listener) => s.on(event, listener),
    blobFile: async (sha256) => {
      const path = await s.blobFile(sha256);
      return path === null ? null : { path, keyHex: keyHexForFile(path) };
    },
    async importUpload(source) {
      if (!s.importUpload) return { ok: false, error: { code: 'not_found', message: 'uploads are not available here' } };
      try {
        return { ok: true, value: await s.importUpload(source) };
      } catch (e) {
        return errorResult(e, 'importUpload');
      }
    },
  };
}

export function asHostedServices(s: HostedServices | InProcessServices): HostedServices {
  return 'handlers' in s ? inProcessServices(s) : s;
}
