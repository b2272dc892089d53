// Issue 7 "Done when", through the real H5 build: a logged-out citizen files an anonymous report with a
// photo and copies the receipt code and token; an inspector (second browser) accepts it, closes it as 查实
// with a black-workshop record and proposes a reward; an admin (third browser) approves; the citizen
// tracks the case, logs in to claim; the WeChat Pay fake makes a transfer bill, the page shows 待确认收款 and
// says the confirmation happens in the WeChat mini-program; the reporter confirms there (played on the fake
// with the package our API gives), and the citizen sees the outcome and 已发放. axe on every page visited; screenshots in test-output/screenshots.
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { browserOrSkip, launch, screenshot, watchErrors, type Browser, shown, settle, button, expectAccessible } from './browser';
import { startStack, type Stack } from '../support/stack';

const executablePath = browserOrSkip();
const suite = executablePath ? describe : describe.skip;

const ADDRESS = '柳州市鱼峰区柳石路测试巷8号后院';
const DESCRIPTION = '后院每天凌晨有人加工米粉，门口没有挂任何证照，污水直接排到路边水沟。';
const PUBLIC_REASON = '经现场检查，确有无证生产米粉行为，已依法查处';

const fill = (page: Page, label: string, value: string) => shown(page, `[aria-label="${label}"]`).fill(value);
const confirmModal = (page: Page) => shown(page, '.taro-model__confirm').click();

async function devLogin(page: Page, baseUrl: string, role: 'inspector' | 'admin') {
  await page.goto(baseUrl + '/pages/mine/index');
  await expectAccessible(page, 'mine (logged out)');
  await shown(page, '[role=button]:has-text("登录")').first().click();
  await page.waitForURL('**/pages/login/index');
  await shown(page, `[data-role=${role}]`).click();
  await page.waitForURL('**/pages/mine/index');
  await shown(page, '.mine__name').waitFor();
  await page.goto(baseUrl + '/packages/staff/index/index');
  await shown(page, '[data-entry=tipoffs]').waitFor();
  await expectAccessible(page, `staff hub (${role})`);
}

suite('tip-off 有奖举报 in H5: anonymous report, handling, reward approval, claim and payout', () => {
  let stack: Stack;
  let citizen: Browser;
  let inspector: Browser;
  let admin: Browser;
  let cp: Page;
  let ip: Page;
  let ap: Page;
  const errors: string[][] = [];
  let code = '';
  let token = '';

  beforeAll(async () => {
    stack = await startStack({ devLogin: true, pay: true });
    [citizen, inspector, admin] = await Promise.all([launch(executablePath!), launch(executablePath!), launch(executablePath!)]);
    await citizen.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.baseUrl });
    cp = citizen.context.pages()[0] ?? (await citizen.context.newPage());
    ip = inspector.context.pages()[0] ?? (await inspector.context.newPage());
    ap = admin.context.pages()[0] ?? (await admin.context.newPage());
    errors.push(watchErrors(cp), watchErrors(ip), watchErrors(ap));
  }, 120_000);

  afterAll(async () => {
    await Promise.all([citizen?.close(), inspector?.close(), admin?.close()]);
    await stack?.stop();
  });

  afterEach(() => {
    expect(errors.flat()).toEqual([]);
  });

  test('a logged-out citizen files an anonymous report with a photo and copies the code and token', async () => {
    await cp.goto(stack.baseUrl + '/pages/report/index');
    await shown(cp, 'text=有奖举报').first().waitFor();
    await expectAccessible(cp, 'report tab');
    await screenshot(cp, 'tipoff-report-tab');
    await button(cp, '我要举报').click();
    await cp.waitForURL('**/packages/tipoff/form/index');
    await shown(cp, '.tipoff-form .card__title:text-is("举报黑作坊")').waitFor();

    // Nothing filled: the form says what is missing, in people's words (the place first).
    // Every problem is listed at the top, each a link to its field; a problem leaves the list when fixed.
    await button(cp, '提交举报').click();
    const summary = shown(cp, '[data-testid=error-summary]');
    const problems = () => summary.locator('[role=link]').allInnerTexts();
    await summary.waitFor();
    expect((await problems())[0]).toBe('请在“在哪里”一栏选择问题发生地所在的区县或乡镇（决定由哪个监管所办理）');
    expect(await problems()).toContain('请阅读并同意举报须知');
    await shown(cp, '.tp-error:has-text("见页面顶部")').waitFor();
    expect(await shown(cp, '.tp-label:text-is("照片（选填）")').count()).toBe(1); // the web build takes photos only

    // Where: province → city → county (a county is precise enough).
    // The picker opens at the deployment's province (HOME_REGION 45, 广西), not at all 34.
    await shown(cp, '.region-picker__crumbs:has-text("已选：广西壮族自治区")').waitFor();
    for (const c of ['4502', '450203']) await shown(cp, `[data-code="${c}"]`).click();
    const county = button(cp, '就选鱼峰区（不细分到乡镇街道）');
    if (await county.count()) await county.click();
    await shown(cp, '.region-picker__value:has-text("鱼峰区")').waitFor();
    expect((await problems()).some((p) => p.includes('在哪里'))).toBe(false);
    await fill(cp, '详细地址', ADDRESS);
    await shown(cp, 'textarea[aria-label="情况描述"]').fill(DESCRIPTION);

    // A photo through the file picker: uploaded anonymously (purpose tipoff), shown as a thumbnail.
    const jpeg = await sharp({ create: { width: 320, height: 240, channels: 3, background: { r: 120, g: 90, b: 60 } } }).jpeg().toBuffer();
    const [chooser] = await Promise.all([cp.waitForEvent('filechooser'), button(cp, '添加照片').click()]);
    await chooser.setFiles({ name: 'evidence.jpg', mimeType: 'image/jpeg', buffer: jpeg });
    await shown(cp, '.tp-photo img').first().waitFor({ timeout: 15_000 });
    await shown(cp, '[role=button][aria-label="删除第1个照片"]').waitFor();

    // The draft survives a reload (a closed app): text and uploaded photo are kept.
    await cp.reload();
    await shown(cp, 'text=已恢复上次未提交的草稿').waitFor();
    expect(await shown(cp, 'textarea[aria-label="情况描述"]').inputValue()).toBe(DESCRIPTION);
    expect(await shown(cp, '.tp-photo').count()).toBe(1);

    await shown(cp, '[data-name=consent]').click();
    expect(await shown(cp, '[data-name=consent]').getAttribute('aria-checked')).toBe('true');
    await expectAccessible(cp, 'tipoff form');
    await screenshot(cp, 'tipoff-form');

    await button(cp, '提交举报').click();
    await shown(cp, 'text=提交后会显示回执码和查询凭证').waitFor();
    await confirmModal(cp);
    await shown(cp, 'text=举报已提交').waitFor();
    code = (await shown(cp, '[data-name=receipt-code]').innerText()).trim();
    token = (await shown(cp, '[data-name=receipt-token]').innerText()).trim();
    expect(code).toMatch(/^[A-Z0-9]{6,40}$/);
    expect(token.length).toBeGreaterThanOrEqual(10);
    await shown(cp, 'text=查询凭证只显示这一次').waitFor();

    await button(cp, '一起复制').click();
    await cp.waitForFunction(() => navigator.clipboard.readText().then((t) => t.includes('查询凭证')), undefined, { timeout: 5000 });
    const copied = await cp.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain(code);
    expect(copied).toContain(token);
    await expectAccessible(cp, 'tipoff receipt');
    await screenshot(cp, 'tipoff-receipt');

    // Kept on the device: 我的举报 lists the receipt; the draft is gone.
    await cp.goto(stack.baseUrl + '/packages/tipoff/index/index');
    await shown(cp, `[data-receipt="${code}"]`).waitFor();
    await expectAccessible(cp, 'my tip-offs');
    await screenshot(cp, 'tipoff-mine');
  }, 180_000);

  test('the inspector of 鱼峰区 accepts it, closes it as 查实 with a black-workshop record and proposes a reward', async () => {
    await devLogin(ip, stack.baseUrl, 'inspector');
    await shown(ip, '[data-entry=tipoffs]').click();
    await ip.waitForURL('**/packages/staff/tipoffs/index');
    await shown(ip, '[data-case]').first().waitFor();
    await expectAccessible(ip, 'tip-off inbox');
    await screenshot(ip, 'tipoff-inbox');
    await shown(ip, `[data-case]:has-text("${ADDRESS}")`).click();
    await ip.waitForURL('**/packages/staff/tipoff/index?id=*');
    await shown(ip, `text=${DESCRIPTION}`).waitFor();
    // The evidence thumbnail is fetched with the inspector's session (private file).
    await shown(ip, '.tq-photo img').first().waitFor({ timeout: 15_000 });
    await shown(ip, '.tag:text-is("匿名")').waitFor();
    await expectAccessible(ip, 'tip-off case');
    await screenshot(ip, 'tipoff-case-submitted');

    await button(ip, '受理').click();
    await confirmModal(ip);
    await shown(ip, '[data-name=case-status]:text-is("已受理，核查中")').waitFor();

    await button(ip, '办结…').click();
    await shown(ip, '[data-result=confirmed]').click();
    await fill(ip, '向举报人公开的理由', PUBLIC_REASON);
    await fill(ip, '黑作坊名称', '柳石路测试巷米粉加工点');
    expect(await shown(ip, '[aria-label="黑作坊地址"]').inputValue()).toBe(ADDRESS);
    await expectAccessible(ip, 'tip-off close panel');
    await screenshot(ip, 'tipoff-case-close');
    await button(ip, '确认办结').click();
    await confirmModal(ip);
    await shown(ip, '[data-name=case-status]:text-is("已办结")').waitFor();

    await shown(ip, '[data-level="3"]').click();
    await fill(ip, '奖励理由', '线索准确，查实无证生产米粉');
    await button(ip, '提出奖励').click();
    await confirmModal(ip);
    await shown(ip, '[data-reward] [data-name=reward-status]:text-is("已提出，待审批")').waitFor();
    await shown(ip, '[data-reward] .tq-line:text-is("须由另一位管理员审批。")').waitFor();
    await expectAccessible(ip, 'tip-off case closed');
    await screenshot(ip, 'tipoff-case-closed');
  }, 180_000);

  test('an admin of 柳州市 approves the reward (second person)', async () => {
    await devLogin(ap, stack.baseUrl, 'admin');
    await shown(ap, '[data-entry=tipoff-rewards]').click();
    await ap.waitForURL('**/packages/staff/tipoff-rewards/index');
    await shown(ap, '[data-reward]:has-text("线索准确，查实无证生产米粉")').waitFor();
    await expectAccessible(ap, 'reward approvals');
    await screenshot(ap, 'tipoff-rewards');
    await shown(ap, '[data-reward]:has-text("线索准确，查实无证生产米粉")').click();
    await ap.waitForURL('**/packages/staff/tipoff/index?id=*');
    await button(ap, '批准奖励').click();
    await confirmModal(ap);
    await shown(ap, '[data-reward] [data-name=reward-status]:text-is("已批准，待发放")').waitFor();
    await shown(ap, 'text=待举报人领取').waitFor();
    await expectAccessible(ap, 'reward approved');
    await screenshot(ap, 'tipoff-reward-approved');
  }, 120_000);

  test('the citizen tracks the case, logs in to claim, and sees 查实 and the reward paid', async () => {
    await cp.goto(stack.baseUrl + '/pages/report/index');
    await button(cp, '输入回执码查询进度').click();
    await cp.waitForURL('**/packages/tipoff/track/index');
    // Prefilled from the device; a wrong token says "not found" without saying which part was wrong.
    expect(await shown(cp, '[aria-label="回执码"]').inputValue()).toBe(code);
    await shown(cp, '[data-name=outcome]').waitFor();
    await fill(cp, '查询凭证', 'WRONGTOKEN123456');
    await button(cp, '查询').click();
    await shown(cp, '[role=alert]:has-text("未找到该举报，请核对回执码和查询凭证")').waitFor();
    await fill(cp, '查询凭证', token);
    await button(cp, '查询').click();
    await shown(cp, '[data-name=outcome]:has-text("查实")').waitFor();
    await shown(cp, `[data-name=outcome] .tp-hint:text-is("${PUBLIC_REASON}")`).waitFor();
    await shown(cp, '[data-name=reward-status]:text-is("已批准，待发放")').waitFor();
    await expectAccessible(cp, 'track: approved');
    await screenshot(cp, 'tipoff-track-approved');

    await button(cp, '登录后领取奖励').click();
    await confirmModal(cp);
    await cp.waitForURL('**/pages/login/index');
    await expectAccessible(cp, 'login');
    await shown(cp, '[data-role=citizen]').click();
    await cp.waitForURL('**/packages/tipoff/track/index**');
    await button(cp, '领取奖励').click();
    await confirmModal(cp);
    // A transfer bill against the fake: it waits for the reporter's confirmation, which H5 cannot give.
    await shown(cp, '[data-name=reward-status]:text-is("待确认收款")').waitFor();
    await shown(cp, '[data-name=reward-confirm-h5]:has-text("微信中打开本平台小程序")').waitFor();
    await expectAccessible(cp, 'track: waiting for confirmation');
    await screenshot(cp, 'tipoff-track-confirming');
    const bills = [...stack.pay!.bills.values()];
    expect(bills).toHaveLength(1);
    expect(bills[0]).toMatchObject({ transfer_amount: 20_000, state: 'WAIT_USER_CONFIRM' });
    // The reporter confirms in the mini-program (wx.requestMerchantTransfer with the bill's package; the API
    // side of that is covered in test/server/tipoff/payoutModes.ts).
    expect((await stack.pay!.confirmTransfer({ mchId: stack.pay!.mchid, appId: stack.pay!.appid, package: bills[0].package_info })).errMsg).toBe('requestMerchantTransfer:ok');
    // The result arrives by signed notification.
    for (let i = 0; i < 20; i++) {
      if ((await shown(cp, '[data-name=reward-status]').innerText()).trim() === '已发放') break;
      await cp.waitForTimeout(500);
      await button(cp, '查询').click();
      await settle(cp);
    }
    await shown(cp, '[data-name=reward-status]:text-is("已发放")').waitFor();
    expect(stack.pay!.bills.get(bills[0].out_bill_no)!.state).toBe('SUCCESS');
    expect(stack.pay!.requests.filter((r) => r.path.startsWith('/v3/fund-app/mch-transfer/transfer-bills')).every((r) => r.signatureOk)).toBe(true);

    await shown(cp, '[data-name=rating]').waitFor();
    await shown(cp, '[role=radio][aria-label="5分"]').click();
    await fill(cp, '评价意见（选填）', '处理及时');
    await button(cp, '提交评价').click();
    await shown(cp, '.tp-label:text-is("您的评价")').waitFor();
    await shown(cp, 'text=★★★★★（5分）').waitFor();
    await expectAccessible(cp, 'track: paid and rated');
    await screenshot(cp, 'tipoff-track-paid');
  }, 180_000);
});
