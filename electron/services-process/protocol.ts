/**
 * The message protocol between a shell (Electron main, or the browser-mode host) and the client
 * services process. One protocol for both transports: Electron's utilityProcess (parentPort) and
 * Node's child_process IPC. Both sides import this file and validate what they receive.
 *
 * Host → services: `start` once, then `request`s; `response`s to the services' own requests.
 * Services → host: `ready` (or `startFailed`), `response`s, pushed `event`s, and `request`s for
 * what only the shell can do (the OS keychain).
 *
 * A request carries either a bridge method (validated again in the services by
 * dispatchBridgeCall) or one of the control methods below, which only the shells may call.
 */
import { z } from 'zod';
import { BridgeEvents, BridgeResult } from '../../shared/bridge';
import { Sha256 } from '../../shared/ids';
import { UploadedFile, UploadFileName } from '../../shared/secretariat-bridge';

const Empty = z.object({}).strict();

/** What the services process needs to start; the shell's own choices (paths, server, mode). */
export const ServicesStartOptions = z.object({
  dataDir: z.string().min(1),
  defaultServerUrl: z.string().min(1),
  mode: z.enum(['electron', 'browser']),
  version: z.string(),
  deviceName: z.string().optional(),
  periodicPullMs: z.number().int().positive().optional(),
  retry: z.object({ initialMs: z.number().positive(), maxMs: z.number().positive() }).optional(),
  /** Session tokens are protected by the shell (Electron: the OS keychain) over `secret.*` requests. */
  shellProtectsSecrets: z.boolean(),
  /** Sample memory use every N ms so `services.memory` can report the peak (diagnostics, tests). */
  memorySampleMs: z.number().int().positive().optional(),
});
export type ServicesStartOptions = z.infer<typeof ServicesStartOptions>;

export const MemoryFigures = z.object({ rss: z.number(), heapUsed: z.number(), external: z.number(), arrayBuffers: z.number() });
export type MemoryFigures = z.infer<typeof MemoryFigures>;

/** Methods only the shells call (never reachable from the renderer's bridge). */
export const ServicesControlMethods = {
  /**
   * The verified path of a cached blob the signed-in user may see, or null: the shell then serves
   * the file itself, decrypting the chunks of each range with `keyHex` (the documents' key).
   */
  'services.blobFile': {
    input: z.object({ sha256: Sha256 }),
    output: z.object({ path: z.string().nullable(), keyHex: z.string().regex(/^[0-9a-f]{64}$/).optional() }),
  },
  /** A picked file, by path: see ClientServices.importUpload. */
  'services.importUpload': {
    input: z.object({ path: z.string().min(1).max(4096), fileName: UploadFileName, expectedSha256: Sha256.optional() }),
    output: UploadedFile,
  },
  /** Memory now and the peak since the last reset (needs `memorySampleMs`). */
  'services.memory': {
    input: z.object({ resetPeak: z.boolean().optional() }),
    output: z.object({ pid: z.number().int(), now: MemoryFigures, peak: MemoryFigures.nullable() }),
  },
  /** Closes the services (sync settles, database checkpointed and closed); the process then exits. */
  'services.close': { input: Empty, output: z.object({ ok: z.literal(true) }) },
} as const;
export type ServicesControlMethod = keyof typeof ServicesControlMethods;
export type ControlInput<M extends ServicesControlMethod> = z.input<(typeof ServicesControlMethods)[M]['input']>;
export type ControlOutput<M extends ServicesControlMethod> = z.output<(typeof ServicesControlMethods)[M]['output']>;

export function isControlMethod(method: string): method is ServicesControlMethod {
  return Object.prototype.hasOwnProperty.call(ServicesControlMethods, method);
}

/** What the services may ask of the shell. */
export const ShellMethods = {
  'secret.protect': { input: z.object({ text: z.string() }), output: z.object({ text: z.string() }) },
  'secret.unprotect': { input: z.object({ text: z.string() }), output: z.object({ text: z.string() }) },
} as const;
export type ShellMethod = keyof typeof ShellMethods;

const RequestId = z.number().int().nonnegative();
const Request = z.object({ kind: z.literal('request'), id: RequestId, method: z.string().max(100), input: z.unknown() });
/** A response is the request's id and a BridgeResult: {id, ok: true, value} | {id, ok: false, error}. */
const ResponseOk = z.object({ kind: z.literal('response'), id: RequestId, ok: z.literal(true), value: z.unknown() });
const ResponseError = z.object({ kind: z.literal('response'), id: RequestId, ok: z.literal(false), error: BridgeResult.options[1].shape.error });

export function responseOf(id: number, result: BridgeResult): z.infer<typeof ResponseOk> | z.infer<typeof ResponseError> {
  return result.ok ? { kind: 'response', id, ok: true, value: result.value } : { kind: 'response', id, ok: false, error: result.error };
}

export const HostToServices = z.union([z.object({ kind: z.literal('start'), options: ServicesStartOptions }), Request, ResponseOk, ResponseError]);
export type HostToServices = z.infer<typeof HostToServices>;

const BridgeEventName = z.enum(Object.keys(BridgeEvents) as [keyof typeof BridgeEvents, ...(keyof typeof BridgeEvents)[]]);

export const ServicesToHost = z.union([
  z.object({ kind: z.literal('ready'), pid: z.number().int() }),
  z.object({ kind: z.literal('startFailed'), message: z.string() }),
  Request,
  ResponseOk,
  ResponseError,
  z.object({ kind: z.literal('event'), event: BridgeEventName, payload: z.unknown() }),
]);
export type ServicesToHost = z.infer<typeof ServicesToHost>;
