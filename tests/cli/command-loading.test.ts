/**
 * Each command of the built `ecabinet` (bin entry; npm test builds first) loads only the libraries
 * it needs: help loads none, verifying a signed PDF loads neither the server's libraries nor
 * pdf-lib, fonts or zod, signing with a PKCS#12 file neither these nor node-forge, and the app
 * prints its launch URL before loading the database or the server's libraries (the bridge's
 * message schemas it loads first: see cli/commands/app.ts); the services process the app starts
 * answers its first call without the signing libraries or the worker pool. Every package the
 * process requires is recorded by a preloaded hook.
 */
import { fork, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument } from '@cantoo/pdf-lib';
import { pkcs12Key, signPdf } from '../../signing/index';
import { createTestPki, P12_PASSWORD, type TestPki } from '../signing/pki';

const root = path.resolve(__dirname, '../..');
const bin = path.join(root, 'bin', 'ecabinet.cjs');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ecabinet-loading-'));
const hook = path.join(tmp, 'record-packages.cjs');
let pki: TestPki;

// Records the packages the process loads: the bare names passed to require() (ES modules of the
// CLI load the packages they keep outside through it too), and those bundled into each of the CLI's
// modules it loads (zod, pkijs, fflate…: named by the module's source map). The CLI's modules are
// seen by a module loader hook (Node runs it on a thread of its own: it notes each URL in a file).
const moduleHooks = path.join(tmp, 'record-modules.mjs');
fs.writeFileSync(
  moduleHooks,
  `import { appendFileSync } from 'node:fs';
   let file;
   export function initialize(data) { file = data.file; }
   export async function load(url, context, next) {
     if (url.startsWith('file:')) appendFileSync(file, url + '\\n');
     return next(url, context);
   }`,
);
fs.writeFileSync(
  hook,
  `const Module = require('node:module');
   const fs = require('node:fs');
   const { fileURLToPath, pathToFileURL } = require('node:url');
   const modules = process.env.RECORD_PACKAGES + '.modules';
   fs.writeFileSync(modules, '');
   Module.register(${JSON.stringify(pathToFileURL(moduleHooks).href)}, { data: { file: modules } });
   const seen = new Set();
   const packageOf = (request) => (request.startsWith('@') ? request.split('/').slice(0, 2).join('/') : request.split('/')[0]);
   const load = Module._load;
   Module._load = function (request, ...rest) {
     if (!request.startsWith('.') && !request.startsWith('/') && !request.startsWith('node:')) seen.add(packageOf(request));
     return load.call(this, request, ...rest);
   };
   /** The packages bundled into the modules loaded so far, from each one's source map. */
   const bundled = () => {
     const found = new Set();
     for (const url of fs.readFileSync(modules, 'utf8').split('\\n').filter(Boolean)) {
       const map = fileURLToPath(url) + '.map';
       if (!fs.existsSync(map)) continue;
       for (const source of JSON.parse(fs.readFileSync(map, 'utf8')).sources) {
         const at = source.lastIndexOf('node_modules/');
         if (at >= 0) found.add(packageOf(source.slice(at + 'node_modules/'.length)));
       }
     }
     return found;
   };
   const record = () => fs.writeFileSync(process.env.RECORD_PACKAGES, [...new Set([...seen, ...bundled()])].join('\\n'));
   process.on('exit', record);
   // What was loaded when a launch URL is printed.
   const write = process.stdout.write.bind(process.stdout);
   process.stdout.write = (chunk, ...rest) => {
     if (String(chunk).includes('?launch=') || String(chunk).includes('listening')) record();
     return write(chunk, ...rest);
   };`,
);

/** Runs the command without blocking (verify may ask the test's own OCSP responder) and lists the packages it loaded. */
function packagesLoadedBy(args: string[], stopAt?: RegExp, env: Record<string, string> = {}): Promise<{ status: number | null; packages: string[]; out: string }> {
  const record = path.join(tmp, `loaded-${args[0]}.txt`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--require', hook, bin, ...args], { env: { ...process.env, ...env, RECORD_PACKAGES: record } });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (stopAt?.test(out)) child.kill('SIGKILL');
    });
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (status) => resolve({ status, packages: fs.readFileSync(record, 'utf8').split('\n').filter(Boolean), out }));
  });
}

// The server and the desktop cache share one SQLite module.
const SERVER_LIBRARIES = ['fastify', 'kysely', 'better-sqlite3-multiple-ciphers', 'ws', '@fastify/websocket', 'piscina'];

beforeAll(async () => {
  pki = await createTestPki();
});
afterAll(async () => {
  await pki?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('what each ecabinet command loads', () => {
  it('prints the help without loading any library', async () => {
    const r = await packagesLoadedBy(['--help']);
    expect(r.status).toBe(0);
    expect(r.out).toContain('ecabinet');
    expect(r.packages).toEqual([]);
  });

  it('verifies a signed PDF without the server libraries, pdf-lib, fonts or zod', async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    const signed = await signPdf(await doc.save({ useObjectStreams: false }), { key: pkcs12Key(fs.readFileSync(pki.rsa.p12), P12_PASSWORD) });
    const file = path.join(tmp, 'signed.pdf');
    fs.writeFileSync(file, signed.bytes);
    const r = await packagesLoadedBy(['verify', file, '--trust', pki.caFile]);
    expect(r.status, r.out).toBe(0);
    expect(r.out).toContain('Signature valid');
    for (const heavy of [...SERVER_LIBRARIES, '@cantoo/pdf-lib', '@pdf-lib/fontkit', 'zod']) expect(r.packages, heavy).not.toContain(heavy);
    // The certificate library it does need (bundled into the CLI's modules) is seen.
    expect(r.packages).toContain('pkijs');
  });

  it('signs B-B with a PKCS#12 file without pdf-lib, fonts, zod, node-forge or the server libraries', async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    const file = path.join(tmp, 'to-sign.pdf');
    fs.writeFileSync(file, await doc.save({ useObjectStreams: false }));
    const r = await packagesLoadedBy(['sign', '--p12', pki.rsa.p12, '--password-env', 'LOADING_P12', file, path.join(tmp, 'signed-by-cli.pdf')], undefined, { LOADING_P12: P12_PASSWORD });
    expect(r.status, r.out).toBe(0);
    for (const heavy of [...SERVER_LIBRARIES, '@cantoo/pdf-lib', '@pdf-lib/fontkit', 'zod', 'node-forge', 'pkcs11js']) expect(r.packages, heavy).not.toContain(heavy);
  });

  it('prints the browser launch URL before loading the database, the server libraries or pdf-lib', async () => {
    const r = await packagesLoadedBy(['app', '--browser', '--port', '0', '--data', path.join(tmp, 'app-data'), '--server', 'http://127.0.0.1:9'], /\?launch=\S+/);
    expect(r.out).toMatch(/http:\/\/127\.0\.0\.1:\d+\/\?launch=/);
    for (const heavy of [...SERVER_LIBRARIES, '@cantoo/pdf-lib']) expect(r.packages, heavy).not.toContain(heavy);
    // The bridge's message schemas are loaded before the address is printed (cli/commands/app.ts).
    expect(r.packages).toContain('zod');
  });

  it('the services process answers its first call without loading the signing libraries or the worker pool', async () => {
    const record = path.join(tmp, 'loaded-services.txt');
    const child = fork(path.join(root, 'dist', 'electron', 'services.cjs'), [], {
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      execArgv: ['--require', hook],
      env: { ...process.env, RECORD_PACKAGES: record },
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const answered = new Promise<{ ok: boolean; error?: { code: string } }>((resolve, reject) => {
      child.on('message', (m: { kind: string; id?: number; ok?: boolean; message?: string }) => {
        if (m.kind === 'ready') child.send({ kind: 'request', id: 1, method: 'meetings.list', input: {} });
        else if (m.kind === 'response' && m.id === 1) resolve(m as { ok: boolean; error?: { code: string } });
        else if (m.kind === 'startFailed') reject(new Error(m.message));
      });
    });
    child.send({ kind: 'start', options: { dataDir: path.join(tmp, 'services-data'), defaultServerUrl: 'http://127.0.0.1:9', mode: 'browser', version: '0.0.0-test', shellProtectsSecrets: false } });
    try {
      // Nobody signed in on a new data folder: the answer comes from the local cache.
      expect(await answered).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
    } finally {
      child.send({ kind: 'request', id: 2, method: 'services.close', input: {} });
      await exited;
    }
    const packages = fs.readFileSync(record, 'utf8').split('\n').filter(Boolean);
    expect(packages, 'the cache was opened').toContain('better-sqlite3-multiple-ciphers');
    for (const heavy of ['@cantoo/pdf-lib', '@pdf-lib/fontkit', 'pkijs', 'node-forge', 'pkcs11js', 'asn1js', 'fflate', 'piscina']) expect(packages, heavy).not.toContain(heavy);
  });

  it('starts the server without the S3 client unless the blobs are in S3, and says plainly when the bucket does not answer', async () => {
    const onDisk = await packagesLoadedBy(['server', '--data', path.join(tmp, 'server-data'), '--port', '0'], /listening/);
    expect(onDisk.out).toMatch(/listening: http:\/\/127\.0\.0\.1:\d+/);
    expect(onDisk.packages).toContain('fastify');
    for (const s3 of ['@aws-sdk/client-s3', '@aws-sdk/lib-storage']) expect(onDisk.packages, s3).not.toContain(s3);
    const unreachable = { AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'ecabinet', AWS_SECRET_ACCESS_KEY: 'not-a-secret' };
    const inS3 = await packagesLoadedBy(['server', '--data', path.join(tmp, 's3-data'), '--port', '0', '--blobs', 's3://ecabinet-docs/city', '--s3-path-style'], undefined, unreachable);
    expect(inS3.status, inS3.out).toBe(1);
    expect(inS3.out).toContain('Máy chủ không truy cập được kho lưu tệp tài liệu');
    expect(inS3.out).toContain('s3://ecabinet-docs/city/ (http://127.0.0.1:9)');
    expect(inS3.out).toContain('[blob_store_unavailable]');
    expect(inS3.packages).toContain('@aws-sdk/client-s3');
  });
});
