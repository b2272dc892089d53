// The OpenAPI document and the server agree (issue 12, item 10): bodies the server needs are marked required,
// every status a route answers is declared, files are documented with the types they are served as, rules
// that used to live in handlers are in the schemas (and so in the document), and a method a route does not
// take answers 405 with Allow.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Koa from 'koa';
import request from 'supertest';
import { z } from 'zod';
import { ApiRouter } from '../../../server/src/http/api';
import { errorHandler } from '../../../server/src/middlewares/errors';
import { notFound } from '../../../server/src/errors';
import { SERVED_CONTENT_TYPES } from '../../../shared/src/domain/files';
import { createTestApp, type TestApp } from '../../support/app';
import { checklist, loginAs, uploadPhoto } from '../../support/factories';

type Schema = { $ref?: string; pattern?: string; minItems?: number; maxItems?: number; description?: string; properties?: Record<string, Schema>; items?: Schema };
type Operation = { requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> }; responses: Record<string, { content?: Record<string, unknown> }> };

let t: TestApp;
let doc: { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };
beforeAll(async () => {
  // A portal build of one page, to see what the portal answers to methods it does not take.
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'h5-'));
  fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>门户</title><script src="/app.js"></script>');
  t = await createTestApp({ H5_DIST: dist });
  doc = (await t.http.get('/api/v1/openapi.json')).body;
});
afterAll(async () => { await t.close(); });

const op = (method: string, path: string) => doc.paths[`/api/v1${path}`][method];
const resolve = (s: Schema): Schema => (s.$ref ? doc.components.schemas[s.$ref.split('/').pop()!] : s);
const bodySchema = (method: string, path: string) => resolve(op(method, path).requestBody!.content['application/json'].schema);
/** What the document says of a string: its pattern, tested as a JSON Schema validator would. */
const patternAccepts = (s: Schema, value: string) => new RegExp(s.pattern!, 'u').test(value);

describe('request bodies', () => {
  it('are required where the server refuses an empty body, optional where it takes one', () => {
    expect(op('post', '/tipoffs').requestBody!.required).toBe(true);
    expect(op('post', '/inspections').requestBody!.required).toBe(true);
    expect(op('post', '/files').requestBody!.required).toBe(true);
    // {"note"?: …}: an approval without a body is an approval.
    expect(op('post', '/registrations/{id}/approve').requestBody!.required).toBe(false);
  });
});

describe('declared statuses', () => {
  it('the WeChat Pay callback documents its 401 and 404 in its own format, and answers one of them', async () => {
    const notify = op('post', '/pay/notify/transfer');
    expect(Object.keys(notify.responses).sort()).toEqual(['204', '400', '401', '404', '413', '415', '429']);
    expect(notify.responses['401'].content!['application/json']).toEqual({ schema: { $ref: '#/components/schemas/PayNotifyFail' } });
    // This app has no WeChat Pay configured: the documented 404 in WeChat Pay's format.
    const res = await t.http.post('/api/v1/pay/notify/transfer').send({ id: 'x' });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ code: 'FAIL', message: '未启用微信支付' });
  });

  it('a login route declares 401 and 403, a body 413, every route 429', () => {
    expect(Object.keys(op('get', '/me').responses).sort()).toEqual(['200', '401', '403', '429']);
    expect(Object.keys(op('post', '/tipoffs/{id}/extend').responses)).toEqual(expect.arrayContaining(['400', '401', '403', '404', '409', '413', '422', '429']));
  });

  it('a status a route does not declare is a 500 in tests, and fine once declared', async () => {
    const app = (declared: number[]) => {
      const api = new ApiRouter('/x', { checkStatuses: 'throw' });
      api.route('get', '/thing', { summary: 's', tags: [], auth: false, response: z.object({}), errors: declared }, () => { throw notFound(); });
      const koa = new Koa();
      koa.use(errorHandler());
      koa.use(api.routes());
      return request(koa.callback());
    };
    expect((await app([]).get('/x/thing')).status).toBe(500);
    expect((await app([404]).get('/x/thing')).status).toBe(404);
  });

  it('a route that honours If-None-Match declares its 304', async () => {
    expect(op('get', '/workshops').responses['304']).toBeDefined();
    const first = await t.http.get('/api/v1/workshops');
    const again = await t.http.get('/api/v1/workshops').set('If-None-Match', first.headers.etag);
    expect(again.status).toBe(304);
  });
});

describe('files', () => {
  it('are documented with the types they are served as, and a served photo is one of them', async () => {
    const responses = op('get', '/files/{id}').responses;
    expect(Object.keys(responses['200'].content!).sort()).toEqual([...SERVED_CONTENT_TYPES].sort());
    expect(responses['200'].content!['application/octet-stream']).toBeUndefined();
    expect(Object.keys(responses)).toEqual(expect.arrayContaining(['206', '304', '404', '416']));
    expect(Object.keys(op('get', '/files/{id}/thumbnail').responses['200'].content!)).toEqual(['image/jpeg']);

    const owner = await loginAs(t, 'owner');
    const id = await uploadPhoto(t, owner.auth);
    const res = await t.http.get(`/api/v1/files/${id}`).set(owner.auth);
    expect(res.status).toBe(200);
    expect(SERVED_CONTENT_TYPES).toContain(res.headers['content-type']);
  });
});

describe('rules in the schemas, and so in the document', () => {
  it('a date must exist and lie in 2000–2100: the pattern says so, and the server agrees with it', async () => {
    const date = resolve(bodySchema('post', '/draws').properties!.periodStart);
    for (const [value, ok] of [['2026-02-28', true], ['2024-02-29', true], ['2026-02-29', false], ['2026-04-31', false], ['1999-12-31', false], ['9999-12-31', false], ['2100-02-29', false]] as const) {
      expect([value, patternAccepts(date, value)]).toEqual([value, ok]);
      const res = await t.http.get('/api/v1/calendar/working-days').query({ from: value, days: 0 });
      expect([value, res.status]).toEqual([value, ok ? 200 : 400]);
    }
  });

  it('a tip-off place is a county or township code that exists: pattern and description', async () => {
    const region = resolve(bodySchema('post', '/tipoffs').properties!.region);
    expect(patternAccepts(region, '450203')).toBe(true);
    expect(patternAccepts(region, '450203001')).toBe(true);
    expect(patternAccepts(region, '4502')).toBe(false);
    expect(region.description).toContain('须为存在的区划');
    // A well-formed code that does not exist is refused by the schema (400), not later by the command.
    const base = { kind: 'unlicensed', address: '某路1号', description: '无证生产', anonymous: true, consent: true };
    const unknown = await t.http.post('/api/v1/tipoffs').send({ ...base, region: '459999' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toBe('region：所选区域不存在');
    const county = await t.http.post('/api/v1/tipoffs').send({ ...base, region: '4502' });
    expect(county.status).toBe(400);
    expect(county.body.error.message).toBe('region：请选择到区县或乡镇');
  });

  it('a checklist has all 10 items: the count in the document, each item once in its description', async () => {
    const items = resolve(bodySchema('post', '/inspections').properties!.items);
    expect([items.minItems, items.maxItems]).toEqual([10, 10]);
    expect(items.description).toContain('每项恰好一次');
    const admin = await loginAs(t, 'admin');
    const twice = [...checklist().slice(1), checklist()[1]];
    const res = await t.http.post('/api/v1/inspections').set(admin.auth)
      .send({ clientId: '6f1c2a8e-9b0d-4c3e-8f2a-1b2c3d4e5f60', workshopId: 'aaaaaaaaaaaaaaaaaaaaaaaa', items: twice, result: 'none' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('缺少检查项：亮证经营');
  });

  it('demo login of a regional role needs a region: in the schema, with a description', async () => {
    expect(bodySchema('post', '/auth/dev').description).toContain('须填写 region');
    const res = await t.http.post('/api/v1/auth/dev').send({ role: 'inspector' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('region：监管人员、管理员和培训讲师需要选择所在区域');
  });
});

describe('methods', () => {
  it('TRACE on a route answers 405 with Allow and the JSON error, not 501', async () => {
    const res = await t.http.trace('/api/v1/health');
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('HEAD, GET');
    const del = await t.http.delete('/api/v1/workshops');
    expect(del.status).toBe(405);
    expect(del.body.error.code).toBe('request.method_not_allowed');
  });

  it('so do the document, the docs and the portal, which are served outside the router', async () => {
    for (const url of ['/api/v1/openapi.json', '/api/docs/', '/', '/pages/mine/index']) {
      const res = await t.http.trace(url);
      expect([url, res.status, res.headers.allow]).toEqual([url, 405, 'GET, HEAD']);
      expect(res.body.error.code).toBe('request.method_not_allowed');
    }
    expect((await t.http.post('/api/v1/openapi.json').send({})).status).toBe(405);
    expect((await t.http.get('/')).text).toContain('门户');
  });
});
