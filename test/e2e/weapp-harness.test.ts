// The weapp smoke test's stub client (test/e2e/weapp/harness.ts) must report what WeChat would: each kind of
// failure is planted in a tiny hand-written bundle (no Taro) and must come back as an error of that page.
// (An unhandled rejection is not planted: jest fails whichever test is running when one happens, which is
// what the smoke test wants but would fail this one too.)
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { Weapp, applyPath, visibleText } from './weapp/harness';

let dir: string;
let server: http.Server;
let origin: string;
let weapp: Weapp;

const PAGES: Record<string, string> = {
  // A page that renders with setData from the server's answer.
  'pages/ok/index': `Page({ data: { root: { cn: [] } }, onLoad: function (q) { var self = this;
    wx.request({ url: 'http://127.0.0.1:3000/api/v1/hello?who=' + q.who, success: function (res) {
      self.setData({ 'root.cn.[0]': { nn: 'view', sid: '_1', cn: [{ nn: '#text', v: res.data.text }] } }); } }); } });`,
  'pages/throws/index': `Page({ onLoad: function () { throw new Error('thrown in onLoad'); } });`,
  'pages/timer/index': `Page({ onLoad: function () { setTimeout(function () { null.x; }, 5); } });`,
  'pages/logs/index': `Page({ onLoad: function () { console.error('请求失败'); } });`,
  'pages/outside/index': `Page({ onLoad: function () { wx.request({ url: 'https://api.example.com/x' }); } });`,
  'pages/nav/index': `Page({ onLoad: function () { wx.navigateTo({ url: '/pages/ok/index?who=x' }); wx.navigateTo({ url: '/pages/gone/index' }); } });`,
  'pages/callback/index': `Page({ onLoad: function () { wx.showToast({ title: '好', success: function () { throw new Error('in success'); } }); } });`,
};

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const who = new URL(req.url ?? '/', 'http://x').searchParams.get('who');
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ text: `你好，${who}` }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xzf-weapp-harness-'));
  fs.writeFileSync(path.join(dir, 'app.json'), JSON.stringify({ pages: Object.keys(PAGES), tabBar: { list: [{ pagePath: 'pages/ok/index', text: '首页' }] } }));
  fs.writeFileSync(path.join(dir, 'app.js'), 'require("./common"); App({ onLaunch: function () { this.launched = getApp() === this; } });');
  fs.writeFileSync(path.join(dir, 'common.js'), 'wx.common = true;');
  for (const [route, code] of Object.entries(PAGES)) {
    fs.mkdirSync(path.join(dir, path.dirname(route)), { recursive: true });
    fs.writeFileSync(path.join(dir, `${route}.js`), code);
  }
  weapp = new Weapp({ dist: dir, apiOrigin: origin, loginCode: () => 'code' });
  await weapp.launch();
});

afterAll(async () => {
  weapp?.dispose();
  await new Promise((r) => server.close(r));
  fs.rmSync(dir, { recursive: true, force: true });
});

test('app.js runs with its requires and App() is launched on its instance', () => {
  expect(weapp.takeErrors()).toEqual([]);
  expect(weapp.appInstance?.launched).toBe(true);
});

test('a page renders from the server through wx.request and setData', async () => {
  const page = await weapp.open('pages/ok/index', { who: '业主' });
  expect(weapp.takeErrors()).toEqual([]);
  expect(visibleText(page.instance.data)).toBe('你好，业主');
  expect(weapp.requests).toEqual([expect.objectContaining({ method: 'GET', url: '/api/v1/hello?who=%E4%B8%9A%E4%B8%BB', status: 200 })]);
});

test.each([
  ['pages/throws/index', /onLoad: Error: thrown in onLoad/],
  ['pages/timer/index', /timer: TypeError/],
  ['pages/logs/index', /console.error: 请求失败/],
  ['pages/outside/index', /request outside the test server: https:\/\/api.example.com\/x/],
  ['pages/callback/index', /showToast success: Error: in success/],
])('%s is reported', async (route, message) => {
  await weapp.open(route);
  const errors = weapp.takeErrors();
  expect(errors).toEqual([expect.stringMatching(message)]);
  expect(errors[0].startsWith(`[${route}]`)).toBe(true);
});

test('a navigation WeChat would refuse is reported (and fails as in WeChat)', async () => {
  await weapp.open('pages/nav/index');
  expect(weapp.takeErrors()).toEqual([
    expect.stringMatching(/^\[pages\/nav\/index\] navigateTo: can not navigateTo a tabbar page: \/pages\/ok\/index\?who=x$/),
    expect.stringMatching(/^\[pages\/nav\/index\] navigateTo: page "pages\/gone\/index" is not found: \/pages\/gone\/index$/),
  ]);
});

test('setData paths as Taro writes them', () => {
  const data: Record<string, unknown> = { root: { cn: [] } };
  applyPath(data, 'root.cn.[0]', { nn: 'view', cn: [] });
  applyPath(data, 'root.cn.[0].cn.[1].v', '文字');
  applyPath(data, 'root.uid', 'p1');
  expect(data).toEqual({ root: { uid: 'p1', cn: [{ nn: 'view', cn: [undefined, { v: '文字' }] }] } });
});
