import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PATHS, HealthResponse } from '../../shared/api';
import { call, startTestServer, type TestServer } from './helpers';

describe('OpenAPI and errors', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(async () => s?.stop());

  it('publishes an OpenAPI 3 document listing every route', async () => {
    const r = await call(s.url, 'GET', API_PATHS.openapi);
    expect(r.status).toBe(200);
    expect(r.body.openapi).toMatch(/^3\./);
    expect(r.body.info.title).toBe('eCabinet sync API');
    const paths = Object.keys(r.body.paths);
    for (const p of ['/api/auth/login', '/api/auth/refresh', '/api/auth/logout', '/api/me', '/api/sync/pull', '/api/sync/push', '/api/blobs/{sha256}', '/api/health', '/api/admin/users', '/api/admin/users/{userId}/sessions', '/api/admin/users/{userId}/sessions/revoke', '/api/admin/users/{userId}/disabled', '/api/admin/retention'])
      expect(paths).toContain(p);
    expect(Object.keys(r.body.paths['/api/blobs/{sha256}'])).toEqual(expect.arrayContaining(['get', 'head', 'put']));
    // Schemas come from the shared zod contracts.
    const login = r.body.paths['/api/auth/login'].post;
    expect(login.requestBody.content['application/json'].schema.required).toEqual(expect.arrayContaining(['username', 'password']));
    expect(r.body.paths['/api/sync/pull'].get.parameters.map((p: any) => p.name)).toEqual(expect.arrayContaining(['cursor', 'limit']));
  });

  it('health answers per the shared schema', async () => {
    const r = await call(s.url, 'GET', API_PATHS.health);
    expect(HealthResponse.parse(r.body).ok).toBe(true);
  });

  it('unknown routes answer the JSON error shape', async () => {
    const r = await call(s.url, 'GET', '/api/nothing-here');
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ error: { code: 'not_found', message: 'Không tìm thấy dữ liệu.' } });
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('refuses an oversized JSON body with 413', async () => {
    const r = await call(s.url, 'POST', '/api/auth/login', { body: { username: 'a', password: 'x'.repeat(3 * 1024 * 1024) } });
    expect(r.status).toBe(413);
    expect(r.body.error.code).toBe('payload_too_large');
  });
});
