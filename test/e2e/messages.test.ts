// Issue 15 point 2 through the real H5 build: an inspector asks an owner for a correction (补正); the owner
// sees the unread count on 我的, opens 消息, follows the 补正 message to the application and on to the form,
// and the message is then read (the count is gone). The web page speaks of 消息中心, not WeChat notices.
// axe on the message centre.
import sharp from 'sharp';
import { apiCall, browserOrSkip, button, expectAccessible, launch, screenshot, shown, signInWith, watchErrors, type Browser } from './browser';
import { startStack, type Stack } from '../support/stack';
import { completeApplication } from '../support/factories';
import type { Page } from 'playwright-core';

const executablePath = browserOrSkip();
const suite = executablePath ? describe : describe.skip;

suite('message centre in H5: a 补正 message leads to the form and is marked read', () => {
  let stack: Stack;
  let owner: Browser;
  let op: Page;
  let errors: string[];
  let session: { token: string; user: { id: string } };
  let registrationId: string;
  const call = (method: string, path: string, body?: unknown, token?: string) => apiCall(stack.baseUrl)(method, path, body, token);

  beforeAll(async () => {
    stack = await startStack({ devLogin: true });
    owner = await launch(executablePath!);
    op = owner.context.pages()[0] ?? (await owner.context.newPage());
    errors = watchErrors(op);
    // Set-up through the API: the owner applies, an inspector of the county asks for a correction.
    session = (await call('POST', '/auth/dev', { role: 'owner', name: '消息测试业主' })).body;
    const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 180, b: 120 } } }).jpeg().toBuffer();
    const form = new FormData();
    form.append('purpose', 'registration');
    form.append('file', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), 'premises.jpg');
    const up = await (await fetch(`${stack.baseUrl}/api/v1/files`, { method: 'POST', headers: { Authorization: `Bearer ${session.token}` }, body: form })).json();
    const created = await call('POST', '/registrations', completeApplication(up.data.id, { name: '鱼峰消息米粉作坊' }), session.token);
    registrationId = created.body.data.id;
    expect((await call('POST', `/registrations/${registrationId}/submit`, undefined, session.token)).status).toBe(200);
    const inspector = (await call('POST', '/auth/dev', { role: 'inspector', region: '450203', name: '消息检查员' })).body;
    const asked = await call('POST', `/registrations/${registrationId}/request-correction`, { items: [{ field: 'premises', reason: '请补拍原料库房照片' }] }, inspector.token);
    expect(asked.status).toBe(200);
  }, 180_000);

  afterAll(async () => {
    await owner?.close();
    await stack?.stop();
  });

  afterEach(() => {
    expect(errors).toEqual([]);
  });

  test('我的 shows one unread message; 消息 lists the 补正 and opens the application; 去补正 opens the form', async () => {
    await signInWith(op, stack.baseUrl, session);
    const row = shown(op, '[data-link=messages]');
    await row.locator('text=1 条未读').waitFor();
    await row.click();
    await op.waitForURL('**/packages/messages/index/index');
    const message = shown(op, '[role=link]:has-text("申请需要补正")');
    await message.waitFor();
    expect(await message.innerText()).toContain('场所照片及平面图');
    await expectAccessible(op, 'message centre (unread)');
    await screenshot(op, 'messages-unread');

    await message.click();
    await op.waitForURL(`**/packages/registration/detail/index?id=${registrationId}`);
    await shown(op, '[data-testid=corrections]:has-text("请补拍原料库房照片")').waitFor();
    // The web promises the message centre, not WeChat notices a browser cannot receive.
    expect(await op.locator('body').innerText()).not.toContain('微信服务通知');
    await shown(op, 'text=消息中心').first().waitFor();
    await button(op, '去补正').click();
    await op.waitForURL('**/packages/registration/form/index**');

    // Read now: the server says so, and 消息 shows no unread message.
    expect((await call('GET', '/messages/unread-count', undefined, session.token)).body).toEqual({ unread: 0 });
    await op.goto(`${stack.baseUrl}/packages/messages/index/index`);
    await shown(op, 'text=没有未读消息').waitFor();
    await shown(op, '[role=radio]:text-is("全部")').click();
    await shown(op, '[role=link]:has-text("申请需要补正"):has-text("已读")').waitFor();
    await expectAccessible(op, 'message centre (all)');
    await screenshot(op, 'messages-all');

    // Large text (适老化): the same page, still accessible.
    await op.evaluate(() => localStorage.setItem('xzf.largeText', JSON.stringify({ data: true })));
    await op.reload();
    await shown(op, '.page--large').first().waitFor();
    await shown(op, 'text=没有未读消息').waitFor();
    await expectAccessible(op, 'message centre (large text)');
    await screenshot(op, 'messages-large');
  }, 120_000);
});
