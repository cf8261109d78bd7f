/**
 * Property-based fuzzing (fast-check) of what reaches the server and the client services from
 * outside: push bodies, upload requests (headers, sizes, hashes), download ranges, and bridge
 * calls. Whatever arrives, the answer is a clear refusal (4xx with an error code, or an AppError
 * value over the bridge), never a 5xx or a crash, and the server keeps answering.
 * Runs are bounded and the seed fixed (FUZZ_SEED overrides it); fast-check prints the seed and
 * the shrunk counterexample on failure.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { z } from 'zod';
import { BridgeMethods, type BridgeMethodName } from '../../shared/bridge';
import { ErrorCode } from '../../shared/errors';
import { MUTATION_KINDS, mutatorOf } from '../../shared/mutators';
import { demoContent } from '../../server/demo/content';
import { createClientServices, dispatchBridgeCall, type ClientServices } from '../../electron/services/index';
import { call, login, makePdf, sha256Hex, startTestServer, type TestServer } from '../server/helpers';
import { removeTempDirs, tempDir } from '../integration/helpers/temp';

const SEED = Number(process.env.FUZZ_SEED ?? 20261203);
const params = (numRuns: number) => ({ numRuns, seed: SEED, endOnFailure: true });
const MAX_UPLOAD = 64 * 1024;

describe('fuzzing the server and the bridge', () => {
  let s: TestServer;
  let secretary: string;
  let member: string;
  /** Ids that exist, so that generated inputs also reach past the "not found" checks. */
  let realIds: string[] = [];
  let realShas: string[] = [];
  let client: ClientServices;

  beforeAll(async () => {
    s = await startTestServer({ seed: 'demo', maxUploadBytes: MAX_UPLOAD, loginRateLimit: { max: 10_000, timeWindowMs: 60_000 } });
    secretary = (await login(s.url, 'thuky', demoContent.password)).accessToken;
    member = (await login(s.url, 'pct.pham', demoContent.password)).accessToken;
    const ids = await Promise.all(
      (['meetings', 'documents', 'agenda_items', 'participants', 'users'] as const).map((t) => s.db.selectFrom(t).select('id').limit(5).execute()),
    );
    realIds = ids.flat().map((r) => r.id);
    realShas = (await s.db.selectFrom('documents').select('sha256').limit(5).execute()).map((r) => r.sha256);
    client = await createClientServices({
      dataDir: tempDir(),
      defaultServerUrl: s.url,
      documentUrl: (sha) => `ecabinet-doc://blob/${sha}`,
      mode: 'browser',
      version: '0.0.0-fuzz',
      periodicPullMs: 600_000,
      retry: { initialMs: 200, maxMs: 1000 },
    });
    const r = await dispatchBridgeCall(client.handlers, 'session.login', { serverUrl: s.url, username: 'pct.nguyen', password: demoContent.password });
    expect(r.ok, JSON.stringify(r)).toBe(true);
    await dispatchBridgeCall(client.handlers, 'sync.now', {});
  });
  afterAll(async () => {
    await client?.close();
    await s?.stop();
    removeTempDirs();
  });

  const healthy = async () => expect((await call(s.url, 'GET', '/api/health')).status).toBe(200);

  /** A clear refusal: a 4xx whose JSON body names an error code from the catalogue. */
  function expectClearAnswer(r: { status: number; body: unknown }, okStatuses: number[]) {
    if (okStatuses.includes(r.status)) return;
    expect(r.status, JSON.stringify(r.body)).toBeGreaterThanOrEqual(400);
    expect(r.status, JSON.stringify(r.body)).toBeLessThan(500);
    const code = (r.body as { error?: { code?: unknown } })?.error?.code;
    expect(ErrorCode.safeParse(code).success, `error code ${String(code)} in ${JSON.stringify(r.body)}`).toBe(true);
  }

  // ---- values ---------------------------------------------------------------------------------

  const anyId = () => fc.oneof(fc.uuid({ version: 4 }), fc.constantFrom(...realIds), fc.string({ maxLength: 40 }));
  const leaf = () =>
    fc.oneof(
      anyId(),
      fc.string({ maxLength: 60 }),
      fc.string({ unit: 'grapheme', maxLength: 30 }),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      fc.constantFrom(...realShas),
      fc.array(fc.oneof(fc.uuid({ version: 4 }), fc.integer(), fc.string({ maxLength: 10 })), { maxLength: 4 }),
      fc.object({ maxDepth: 1, maxKeys: 3 }),
    );
  /**
   * Values that follow the schema (zod's own description of it), so that most inputs pass the
   * shape check and reach the rules behind it; `shaped` then spoils one field in a few.
   */
  function following(schema: z.ZodType, depth = 0): fc.Arbitrary<unknown> {
    const def = (schema as unknown as { _zod?: { def?: Record<string, any> } })._zod?.def;
    if (!def || depth > 5) return leaf();
    switch (def.type) {
      case 'optional':
      case 'default':
        return fc.option(following(def.innerType, depth + 1), { nil: undefined, freq: 3 });
      case 'nullable':
        return fc.option(following(def.innerType, depth + 1), { nil: null, freq: 3 });
      case 'string': {
        if (def.format === 'uuid') return fc.oneof(fc.uuid({ version: 4 }), fc.constantFrom(...realIds));
        if (def.format === 'datetime') return fc.date({ noInvalidDate: true, min: new Date('2000-01-01'), max: new Date('2100-01-01') }).map((d) => d.toISOString());
        const checks = ((def.checks ?? []) as { _zod: { def: Record<string, any> } }[]).map((c) => c._zod.def);
        const pattern = checks.find((c) => c.format === 'regex')?.pattern as RegExp | undefined;
        if (pattern) return fc.oneof(fc.stringMatching(pattern), fc.constantFrom(...realShas));
        const minLength = Math.min(checks.find((c) => c.check === 'min_length')?.minimum ?? 0, 40);
        const maxLength = Math.max(minLength, Math.min(checks.find((c) => c.check === 'max_length')?.maximum ?? 60, 60));
        return fc.oneof(fc.string({ minLength, maxLength }), fc.string({ unit: 'grapheme', minLength, maxLength }));
      }
      case 'number': {
        const checks = ((def.checks ?? []) as { _zod: { def: Record<string, any> } }[]).map((c) => c._zod.def);
        const min = checks.find((c) => c.check === 'greater_than')?.value ?? -5;
        const max = checks.find((c) => c.check === 'less_than')?.value ?? 500;
        return fc.integer({ min: Math.ceil(min), max: Math.floor(Math.min(max, min + 1000)) });
      }
      case 'boolean':
        return fc.boolean();
      case 'literal':
        return fc.constantFrom(...(def.values as unknown[]));
      case 'enum':
        return fc.constantFrom(...Object.values(def.entries as Record<string, unknown>));
      case 'array':
        return fc.array(following(def.element, depth + 1), { maxLength: 3 });
      case 'object':
        return fc.record(Object.fromEntries(Object.entries(def.shape as Record<string, z.ZodType>).map(([k, v]) => [k, following(v, depth + 1)])));
      case 'union':
        return fc.oneof(...(def.options as z.ZodType[]).map((o) => following(o, depth + 1)));
      case 'pipe':
        return following(def.in, depth + 1);
      default:
        return leaf();
    }
  }

  /** Mostly inputs that follow the schema with one field spoilt now and then, some with random keys, a few anything. */
  function shaped(schema: z.ZodType): fc.Arbitrary<unknown> {
    const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape;
    const keys = shape ? Object.keys(shape) : [];
    const spoilt = fc.tuple(following(schema), fc.option(fc.tuple(fc.constantFrom('', ...keys), leaf()), { freq: 10 })).map(([v, spoil]) =>
      spoil && v && typeof v === 'object' && !Array.isArray(v) ? { ...(v as object), [spoil[0]]: spoil[1] } : v,
    );
    const known = fc.record(Object.fromEntries(keys.map((k) => [k, leaf()])), { requiredKeys: [] });
    return fc.oneof(
      { weight: 12, arbitrary: spoilt },
      { weight: 1, arbitrary: fc.tuple(known, fc.dictionary(fc.string({ maxLength: 8 }), leaf(), { maxKeys: 2 })).map(([a, extra]) => ({ ...extra, ...a })) },
      { weight: 1, arbitrary: fc.anything() },
    );
  }

  // ---- push -----------------------------------------------------------------------------------

  it('push: any body, of any kind, is answered with a result per mutation or a 4xx, never a 5xx', async () => {
    const mutation = fc.constantFrom(...MUTATION_KINDS).chain((kind) =>
      fc.record({ id: fc.oneof({ weight: 10, arbitrary: fc.uuid({ version: 4 }) }, { weight: 1, arbitrary: anyId() }), kind: fc.oneof({ weight: 20, arbitrary: fc.constant(kind as string) }, { weight: 1, arbitrary: fc.string({ maxLength: 30 }) }), args: shaped(mutatorOf(kind).args) }),
    );
    const body = fc.oneof(
      { weight: 12, arbitrary: fc.record({ mutations: fc.array(mutation, { minLength: 1, maxLength: 2 }) }) },
      { weight: 1, arbitrary: fc.anything() },
      { weight: 1, arbitrary: fc.record({ mutations: fc.anything() }) },
    );
    const seen = new Map<string, number>();
    const count = (k: string) => seen.set(k, (seen.get(k) ?? 0) + 1);
    await fc.assert(
      fc.asyncProperty(body, fc.boolean(), async (b, asSecretary) => {
        const r = await call(s.url, 'POST', '/api/sync/push', { token: asSecretary ? secretary : member, body: b });
        expectClearAnswer(r, [200]);
        count(String(r.status));
        if (r.status === 200)
          for (const res of (r.body as { results: { status: string; error?: { code: string } }[] }).results) {
            count(res.error?.code ?? res.status);
            if (res.status === 'applied') continue;
            expect(ErrorCode.safeParse(res.error?.code).success).toBe(true);
            expect(res.error?.code, JSON.stringify(res)).not.toBe('internal');
          }
      }),
      params(250),
    );
    // The generator must reach the rules behind the shape check, not only the shape check.
    expect(seen.get('200') ?? 0, JSON.stringify(Object.fromEntries(seen))).toBeGreaterThan(25);
    await healthy();
  });

  it('push: bytes that are not JSON, or JSON under another content type, get a 4xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), fc.constantFrom('application/json', 'text/plain', 'application/octet-stream', 'application/x-www-form-urlencoded'), async (bytes, type) => {
        const r = await call(s.url, 'POST', '/api/sync/push', { token: secretary, body: bytes, headers: { 'content-type': type } });
        expectClearAnswer(r, []);
      }),
      params(100),
    );
    await healthy();
  });

  // ---- uploads and downloads ---------------------------------------------------------------

  /** A raw request, so that headers (content-length, transfer-encoding) are exactly as generated. */
  function raw(method: string, path: string, headers: Record<string, string>, body?: Uint8Array): Promise<{ status: number; body: unknown }> {
    return new Promise((resolve, reject) => {
      const req = http.request(s.url + path, { method, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // Not JSON: a successful download, or an empty answer.
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      });
      // The server may answer (413, 403) before it has read the body and close: that is its right.
      req.on('error', (e) => ((e as NodeJS.ErrnoException).code === 'EPIPE' || (e as NodeJS.ErrnoException).code === 'ECONNRESET' ? resolve({ status: 499, body: null }) : reject(e)));
      req.end(body);
    });
  }

  it('upload: any hash, size, content type and length header gets 2xx for a good PDF and a clear 4xx otherwise', async () => {
    const pdfHead = new TextEncoder().encode('%PDF-1.7\n');
    const upload = fc.record({
      body: fc.oneof(
        fc.uint8Array({ maxLength: 2048 }),
        fc.uint8Array({ maxLength: 2048 }).map((b) => new Uint8Array([...pdfHead, ...b])),
        fc.integer({ min: MAX_UPLOAD - 16, max: MAX_UPLOAD + 4096 }).map((n) => new Uint8Array(n).fill(0x25)),
      ),
      hash: fc.oneof(
        fc.constant('right'),
        fc.stringMatching(/^[0-9a-f]{64}$/),
        fc.string({ maxLength: 70 }).map((x) => encodeURIComponent(x)),
        fc.constant('right-upper'),
      ),
      contentType: fc.constantFrom('application/pdf', 'application/octet-stream', 'text/plain', 'multipart/form-data; boundary=x', ''),
      length: fc.constantFrom('exact', 'chunked', 'over-limit'),
      as: fc.constantFrom('secretary', 'member', 'nobody'),
    });
    await fc.assert(
      fc.asyncProperty(upload, async (u) => {
        const sha = sha256Hex(u.body);
        const hash = u.hash === 'right' ? sha : u.hash === 'right-upper' ? sha.toUpperCase() : u.hash;
        const headers: Record<string, string> = {};
        if (u.contentType) headers['content-type'] = u.contentType;
        if (u.as !== 'nobody') headers.authorization = `Bearer ${u.as === 'secretary' ? secretary : member}`;
        if (u.length === 'exact') headers['content-length'] = String(u.body.length);
        else if (u.length === 'over-limit') headers['content-length'] = String(MAX_UPLOAD + 1);
        else headers['transfer-encoding'] = 'chunked';
        // An over-limit header with a short body would leave the server waiting: send what it declares.
        const body = u.length === 'over-limit' ? new Uint8Array(MAX_UPLOAD + 1) : u.body;
        const r = await raw('PUT', `/api/blobs/${hash}`, headers, body);
        if (r.status === 499) return;
        expectClearAnswer(r, [200, 201]);
        if (r.status < 300) expect(u.as === 'secretary' && hash === sha && u.body.length <= MAX_UPLOAD).toBe(true);
      }),
      params(150),
    );
    await healthy();
  });

  it('download: any Range, If-None-Match and hash gets 200/206/304 or a clear 4xx', async () => {
    const pdf = await makePdf('Range fuzz');
    const up = await call(s.url, 'PUT', `/api/blobs/${sha256Hex(pdf)}`, { token: secretary, body: pdf, headers: { 'content-type': 'application/pdf' } });
    expect([200, 201]).toContain(up.status);
    const range = fc.oneof(
      fc.tuple(fc.option(fc.integer({ min: -5, max: pdf.length + 50 })), fc.option(fc.integer({ min: -5, max: pdf.length + 50 }))).map(([a, b]) => `bytes=${a ?? ''}-${b ?? ''}`),
      fc.array(fc.tuple(fc.nat(pdf.length * 2), fc.nat(pdf.length * 2)), { minLength: 1, maxLength: 5 }).map((rs) => `bytes=${rs.map(([a, b]) => `${a}-${b}`).join(',')}`),
      fc.string({ maxLength: 40 }),
      fc.constantFrom('bytes=0-', 'bytes=-0', 'bytes=', 'items=0-1', 'bytes=99999999999999999999-', `bytes=${pdf.length}-`),
    );
    await fc.assert(
      fc.asyncProperty(range, fc.option(fc.constantFrom(`"${sha256Hex(pdf)}"`, '*', 'W/"x"', '')), fc.constantFrom('GET', 'HEAD'), fc.boolean(), async (r, inm, method, right) => {
        const headers: Record<string, string> = { authorization: `Bearer ${secretary}`, range: r.replace(/[^\x20-\x7e]/g, '') };
        if (inm !== null) headers['if-none-match'] = inm;
        const sha = right ? sha256Hex(pdf) : realShas[0];
        const res = await raw(method, `/api/blobs/${sha}`, headers);
        expectClearAnswer(res, [200, 206, 304, ...(method === 'HEAD' ? [404, 416] : [])]);
      }),
      params(200),
    );
    await healthy();
  });

  // ---- bridge ---------------------------------------------------------------------------------

  /** Not fuzzed: they would end the session the others need, reach a generated address, or load a native library from a generated path. */
  const NOT_FUZZED: Partial<Record<BridgeMethodName, string>> = {
    'session.logout': 'ends the session every other method needs',
    'session.login': 'would sign in to a generated server address',
    'keys.pkcs11ConfirmModule': 'loads a native library',
    'keys.pkcs11Tokens': 'loads a native library',
    'keys.pkcs11Certificates': 'loads a native library',
  };
  const fuzzedMethods = (Object.keys(BridgeMethods) as BridgeMethodName[]).filter((m) => !NOT_FUZZED[m]);

  it('bridge: every method, any input, answers a value or an AppError with a catalogue code, never throws nor "internal"', async () => {
    const bseen = new Map<string, number>();
    const callArb = fc.oneof(
      { weight: 12, arbitrary: fc.constantFrom(...fuzzedMethods).chain((m) => fc.tuple(fc.constant(m as string), shaped(BridgeMethods[m].input as z.ZodType))) },
      { weight: 1, arbitrary: fc.tuple(fc.string({ maxLength: 30 }), fc.anything()) },
    );
    await fc.assert(
      fc.asyncProperty(callArb, async ([method, input]) => {
        const r = await dispatchBridgeCall(client.handlers, method, input);
        bseen.set(r.ok ? 'ok' : r.error.code, (bseen.get(r.ok ? 'ok' : r.error.code) ?? 0) + 1);
        if (r.ok) return;
        expect(ErrorCode.safeParse(r.error.code).success, JSON.stringify(r.error)).toBe(true);
        expect(r.error.code, `${method} ${JSON.stringify(input)?.slice(0, 300)} → ${JSON.stringify(r.error)}`).not.toBe('internal');
        expect(typeof r.error.message).toBe('string');
      }),
      params(400),
    );
    expect((bseen.get('ok') ?? 0) + (bseen.get('not_found') ?? 0) + (bseen.get('forbidden') ?? 0), JSON.stringify(Object.fromEntries(bseen))).toBeGreaterThan(60);
    const status = await dispatchBridgeCall(client.handlers, 'sync.status', {});
    expect(status.ok).toBe(true);
    await healthy();
  });
});
