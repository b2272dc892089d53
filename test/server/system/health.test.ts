import { buildApi } from '../../../server/src/app';
import { createTestApp, type TestApp } from '../../support/app';
import { loadConfig } from '../../../server/src/config';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t.close(); });

describe('GET /api/v1/meta', () => {
  it('names the province the deployment serves (HOME_REGION, default 45), where region pickers open; empty: none', async () => {
    expect((await t.http.get('/api/v1/meta')).body.homeRegion).toEqual({ code: '45', name: '广西壮族自治区' });
    expect(loadConfig({}, { HOME_REGION: '4502' }).homeRegion).toBe('4502');
    expect(loadConfig({}, { HOME_REGION: '' }).homeRegion).toBeNull();
    expect(() => loadConfig({}, { HOME_REGION: '450' })).toThrow(/HOME_REGION/);
    const config = t.services.config as { homeRegion: string | null };
    try {
      config.homeRegion = '4502';
      expect((await t.http.get('/api/v1/meta')).body.homeRegion).toEqual({ code: '4502', name: '柳州市' });
      config.homeRegion = null;
      expect((await t.http.get('/api/v1/meta')).body.homeRegion).toBeNull();
    } finally {
      config.homeRegion = '45';
    }
  });
});

describe('GET /api/v1/health', () => {
  it('reports the real database it talks to', async () => {
    const res = await t.http.get('/api/v1/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, db: process.env.MONGODB_URI ? 'mongodb' : 'ferretdb' });
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers an unknown API route with the JSON error shape', async () => {
    const res = await t.http.get('/api/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: 'route.not_found', message: '页面或接口不存在' });
  });
});

describe('GET /api/v1/meta', () => {
  it('tells the app whether demo login is on', async () => {
    const res = await t.http.get('/api/v1/meta');
    expect(res.body).toMatchObject({ devLogin: true, name: '食品小作坊服务平台' });
  });
});

describe('OpenAPI', () => {
  it('documents every route with its schemas and errors', async () => {
    const res = await t.http.get('/api/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    const paths = res.body.paths as Record<string, Record<string, any>>;
    expect(paths['/api/v1/auth/wechat'].post.requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/WechatLoginBody');
    expect(paths['/api/v1/me'].get.responses['401']).toBeDefined();
    expect(paths['/api/v1/regions'].get.parameters.some((p: any) => p.name === 'parent' && p.in === 'query')).toBe(true);
    // Every route the router serves is in the document, and nothing else.
    const api = buildApi(t.config);
    const served = api.router.stack.flatMap((l) => l.methods.filter((m) => m !== 'HEAD').map((m) => `${m.toLowerCase()} ${String(l.path).replace(/:(\w+)/g, '{$1}')}`));
    const documented = Object.entries(paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`));
    expect(documented.sort()).toEqual([...new Set(served)].sort());
  });

  it('serves browsable docs at /api/docs', async () => {
    const res = await t.http.get('/api/docs/');
    expect(res.status).toBe(200);
    expect(res.text).toContain('swagger-ui-bundle.js');
    const js = await t.http.get('/api/docs/swagger-ui-bundle.js');
    expect(js.status).toBe(200);
  });
});
