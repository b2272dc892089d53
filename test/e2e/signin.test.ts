// Issue 15 "Done when", web sign-in, through the real H5 build without DEV_LOGIN: an inspector signs in
// with account, password and a TOTP code computed from the seeded secret and accepts (受理) an application; five failed staff logins lock
// the account (the page says until when); the demo owner signs in by SMS code (printed by the SMS fake)
// and is the mini-program's demo owner. axe on the login page.
import type { Page } from 'playwright-core';
import { Secret, TOTP } from 'otpauth';
import { browserOrSkip, launch, screenshot, watchErrors, type Browser, shown, settle, button, expectAccessible, sessionToken } from './browser';
import { startStack, type Stack } from '../support/stack';
import { DEMO_OWNER_PHONE, DEMO_STAFF_LOGINS } from '../../server/src/seed/webSignIn';
import { demoOpenid } from '../../server/src/seed/demo';
import { UserModel } from '../../server/src/models/User';

const executablePath = browserOrSkip();
const suite = executablePath ? describe : describe.skip;

const inspector = DEMO_STAFF_LOGINS.find((s) => s.role === 'inspector')!;
const admin = DEMO_STAFF_LOGINS.find((s) => s.role === 'admin')!;
const totpNow = (secret: string) => new TOTP({ secret: Secret.fromBase32(secret), period: 30, digits: 6 }).generate();

suite('web sign-in in H5 (no DEV_LOGIN)', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let errors: string[] = [];

  const fill = (label: string, value: string) => shown(page, `[aria-label="${label}"]`).fill(value);
  const openLogin = async () => {
    await page.goto(`${stack.baseUrl}/pages/login/index`);
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await shown(page, '[data-method]').first().waitFor();
  };
  const me = async () => {
    const token = await sessionToken(page);
    if (!token) return null;
    const res = await fetch(`${stack.baseUrl}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } });
    return res.status === 200 ? ((await res.json()) as { user: { id: string; roles: string[] } }).user : null;
  };

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

  it('offers the three ways to sign in, accessibly', async () => {
    await openLogin();
    for (const m of ['手机号验证码登录', '微信扫码登录', '工作人员登录']) await shown(page, `[data-method]:has-text("${m}")`).waitFor();
    await expectAccessible(page, 'login (phone)');
    await shown(page, '[data-method=staff]').click();
    await expectAccessible(page, 'login (staff)');
    await screenshot(page, 'signin-staff');
  });

  it('an inspector signs in with password and the TOTP code', async () => {
    await openLogin();
    await shown(page, '[data-method=staff]').click();
    await fill('登录账号', inspector.account);
    await fill('密码', inspector.password);
    await button(page, '下一步').click();
    await fill('动态验证码', totpNow(inspector.totpSecret));
    await button(page, '登录').click();
    await page.waitForURL('**/pages/mine/index');
    await shown(page, '.mine__name').waitFor();
    const user = await me();
    const seeded = await UserModel.findOne({ openid: demoOpenid('inspector', '450203') }).lean();
    expect(user).toMatchObject({ id: String(seeded!._id) });
    expect(user!.roles).toContain('inspector');

    // The signed-in inspector reviews an application of the county.
    await page.goto(stack.baseUrl + '/packages/staff/index/index');
    await shown(page, '[role=link]:has-text("登记审查")').click();
    await page.waitForURL('**/packages/staff/registrations/index');
    await shown(page, '[data-testid=queue-row]:has-text("已提交，待受理")').first().click();
    await page.waitForURL('**/packages/staff/registration/index?id=*');
    await shown(page, '[data-testid=review-status]:text-is("已提交，待受理")').waitFor();
    await button(page, '受理').click();
    await shown(page, '.taro-model__confirm').click();
    await shown(page, '[data-testid=review-status]:text-is("已受理，待现场核查")').waitFor();

    // 我的 → 网页登录 shows the account, password and TOTP as set.
    await page.goto(stack.baseUrl + '/packages/staff/web-signin/index');
    await shown(page, `text=登录账号：${inspector.account}`).waitFor();
    await shown(page, '[role=button]:has-text("更换动态验证码")').waitFor();
    await expectAccessible(page, 'web sign-in settings');
    await screenshot(page, 'signin-settings');
  });

  it('five failed staff logins lock the account, and the page says until when', async () => {
    await openLogin();
    await shown(page, '[data-method=staff]').click();
    await fill('登录账号', admin.account);
    await fill('密码', 'not-the-password-1');
    await button(page, '下一步').click();
    for (let i = 1; i <= 5; i++) {
      await fill('动态验证码', '000000');
      await button(page, '登录').click();
      const expected = i < 5 ? '账号、密码或动态验证码错误' : '错误次数过多';
      await shown(page, `[data-error]:has-text("${expected}")`).waitFor();
    }
    const text = await shown(page, '[data-error]').textContent();
    expect(text).toMatch(/^密码或动态验证码错误次数过多，已暂时锁定，请 15 分钟后（\d\d:\d\d 以后）再试$/);
    await screenshot(page, 'signin-locked');
    // The right password and code are refused while locked.
    await button(page, '返回修改账号或密码').click();
    await fill('密码', admin.password);
    await button(page, '下一步').click();
    await fill('动态验证码', totpNow(admin.totpSecret));
    await button(page, '登录').click();
    await settle(page);
    await shown(page, '[data-error]:has-text("已暂时锁定")').waitFor();
    expect(await me()).toBeNull();
  });

  it('the demo owner signs in by SMS code and is the mini-program account', async () => {
    await openLogin();
    await shown(page, '[data-method=sms]').click();
    await fill('手机号', DEMO_OWNER_PHONE);
    await button(page, '获取验证码').click();
    await shown(page, '[role=button]:has-text("秒后可重新获取")').waitFor();
    const code = stack.sms.lastCode(DEMO_OWNER_PHONE)!;
    await fill('短信验证码', code === '000000' ? '111111' : '000000');
    await button(page, '登录').click();
    await shown(page, '[data-error]:has-text("验证码错误，还可尝试 4 次")').waitFor();
    await fill('短信验证码', code);
    await button(page, '登录').click();
    await page.waitForURL('**/pages/mine/index');
    const owner = await UserModel.findOne({ openid: demoOpenid('owner', null) }).lean();
    expect((await me())?.id).toBe(String(owner!._id));
    // 我的 → 绑定手机号 shows the bound phone (masked).
    await page.goto(stack.baseUrl + '/packages/registration/phone/index');
    await shown(page, 'text=当前已绑定 138****8000').waitFor();
    await expectAccessible(page, 'bind phone');
    expect(errors).toEqual([]);
  });
});
