// Issue 15 "Done when": an owner signs in on the web by SMS code (no DEV_LOGIN), sees the 补正 message an
// inspector's request left, follows it to the form, fixes the health-certificate expiry with the date picker
// and resubmits; the message is then read. The inspector acts through the API with account, password and TOTP.
import sharp from 'sharp';
import { Secret, TOTP } from 'otpauth';
import type { Page } from 'playwright-core';
import { apiCall, browserOrSkip, button, expectAccessible, launch, screenshot, sessionToken, shown, watchErrors, type Browser } from './browser';
import { startStack, type Stack } from '../support/stack';
import { completeApplication } from '../support/factories';
import { DEMO_STAFF_LOGINS } from '../../server/src/seed/webSignIn';
import { RegistrationModel } from '../../server/src/models/Registration';

const executablePath = browserOrSkip();
const suite = executablePath ? describe : describe.skip;
const PHONE = '13800000555';
const inspector = DEMO_STAFF_LOGINS.find((s) => s.role === 'inspector')!;

suite('an owner signed in by SMS answers a 补正 message with the date picker', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let registrationId: string;
  const api = (method: string, path: string, body?: unknown, token?: string) => apiCall(stack.baseUrl)(method, path, body, token);
  const token = () => sessionToken(page);

  beforeAll(async () => {
    stack = await startStack({ devLogin: false });
    browser = await launch(executablePath!);
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    errors = watchErrors(page);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('signs in by SMS code on the web portal', async () => {
    await page.goto(`${stack.baseUrl}/pages/login/index`);
    await shown(page, '[data-method=sms]').click();
    await shown(page, '[aria-label="手机号"]').fill(PHONE);
    await button(page, '获取验证码').click();
    await shown(page, '[role=button]:has-text("秒后可重新获取")').waitFor();
    await shown(page, '[aria-label="短信验证码"]').fill(stack.sms.lastCode(PHONE)!);
    await button(page, '登录').click();
    await page.waitForURL('**/pages/mine/index');
    expect(await token()).toBeTruthy();
  }, 60_000);

  it('a 补正 message leads to the form; the date picker fixes the expiry; the message is read', async () => {
    // Set-up through the API: the owner (this web account) applies; the county's inspector, signed in with
    // password and TOTP, asks for a correction of the staff section.
    const owner = (await token())!;
    const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 180, b: 120 } } }).jpeg().toBuffer();
    const form = new FormData();
    form.append('purpose', 'registration');
    form.append('file', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), 'premises.jpg');
    const up = await (await fetch(`${stack.baseUrl}/api/v1/files`, { method: 'POST', headers: { Authorization: `Bearer ${owner}` }, body: form })).json();
    const created = await api('POST', '/registrations', completeApplication(up.data.id, { name: '短信补正米粉作坊', address: '柳州市鱼峰区柳石路520号' }), owner);
    expect(created.status).toBe(201);
    registrationId = created.body.data.id;
    expect((await api('POST', `/registrations/${registrationId}/submit`, undefined, owner)).status).toBe(200);
    const code = new TOTP({ secret: Secret.fromBase32(inspector.totpSecret), period: 30, digits: 6 }).generate();
    const staff = await api('POST', '/auth/staff/login', { account: inspector.account, password: inspector.password, code });
    expect(staff.status).toBe(200);
    const asked = await api('POST', `/registrations/${registrationId}/request-correction`, { items: [{ field: 'staff', reason: '李秀英的健康证有效期填写有误，请按证件重新选择' }] }, staff.body.token);
    expect(asked.status).toBe(200);

    // 我的 → 消息 → the 补正 message → the application → 去补正.
    await page.goto(`${stack.baseUrl}/pages/mine/index`);
    await shown(page, '[data-link=messages]').locator('text=1 条未读').waitFor();
    await shown(page, '[data-link=messages]').click();
    await page.waitForURL('**/packages/messages/index/index');
    await shown(page, '[role=link]:has-text("申请需要补正")').click();
    await page.waitForURL(`**/packages/registration/detail/index?id=${registrationId}`);
    await button(page, '去补正').click();
    await page.waitForURL('**/packages/registration/form/index**');
    await shown(page, '[data-testid=corrections]:has-text("健康证有效期填写有误")').waitFor();
    // 去补正 opens the form at the step to fix; the card names it with its own 去修改 link.
    await shown(page, '.step-head__title:text-is("从业人员与健康证")').waitFor();
    expect(await page.locator('[role=button][aria-label="去修改从业人员及健康证"]').count()).toBeGreaterThan(0);

    // The date picker: the browser's own calendar (<input type=date>); nothing to type in a format.
    const expiry = shown(page, 'input[type=date][aria-label="人员1健康证有效期至"]');
    expect(await expiry.inputValue()).toBe('2027-06-30');
    await expiry.fill('2028-06-30');
    await expectAccessible(page, 'form: staff step with the date picker');
    await screenshot(page, 'correction-date-picker');
    for (const title of ['承诺书', '营业执照信息', '核对提交']) {
      await button(page, '保存，下一步').click();
      await shown(page, `.step-head__title:text-is("${title}")`).waitFor();
    }
    await button(page, '提交补正').click();
    await shown(page, '.taro-model__confirm').click();
    await page.waitForURL(`**/packages/registration/detail/index?id=${registrationId}`);
    await shown(page, '[data-testid=status]:text-is("已提交，待受理")').waitFor();

    const stored = await RegistrationModel.findById(registrationId).lean();
    expect(stored!.staff![0].healthCertExpiry).toBe('2028-06-30');
    expect((await api('GET', '/messages/unread-count', undefined, owner)).body).toEqual({ unread: 0 });
    expect(errors).toEqual([]);
  }, 180_000);
});
