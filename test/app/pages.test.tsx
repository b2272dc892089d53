import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { ROUTES } from '@/constants/routes';
import Home from '@/pages/home';
import Login from '@/pages/login';
import Mine from '@/pages/mine';
import { resetNavigationState } from '@/services/navigation';
import { getState, reloadState, setSession } from '@/store/app';
import { STORAGE_KEYS } from '@/store/storage';
import { callsOf, mockResponder, resetTaro, setPages, storage, type RequestCall } from './support/taro';
import type { Role } from '@shared/domain/roles';

const userWith = (roles: Role[]) => ({
  id: 'u1',
  name: '李四',
  roles,
  region: { code: '450203', name: '鱼峰区' },
  phone: '139****1234',
});

beforeEach(() => {
  resetTaro();
  reloadState();
  resetNavigationState();
});

describe('首页', () => {
  test('shows the portal title and the six service entries, each leading to its subpackage', () => {
    render(<Home />);
    expect(screen.getByRole('heading', { name: '食品小作坊服务平台' })).toBeTruthy();
    const links = screen.getAllByRole('link').filter((l) => l.className.includes('service-grid__item'));
    expect(links.map((l) => l.querySelector('.service-grid__title')?.textContent)).toEqual([
      '登记申请',
      '培训报名',
      '非遗与品牌',
      '举报黑作坊',
      '信用查询',
      '监管工作台',
    ]);
    fireEvent.click(links[0]);
    fireEvent.keyDown(links[3], { key: 'Enter' });
    expect(callsOf('navigateTo')).toEqual([{ url: ROUTES.registration }, { url: ROUTES.tipoff }]);
  });

  test('长辈版 on the home page turns large text on and off (kept on the device); 12315 is one tap away', () => {
    render(<Home />);
    const elder = screen.getByRole('switch', { name: '长辈版（大字）' });
    expect(elder.getAttribute('aria-checked')).toBe('false');
    fireEvent.click(elder);
    expect(getState().largeText).toBe(true);
    expect(storage.get(STORAGE_KEYS.largeText)).toBe(true);
    expect(screen.getByRole('switch', { name: '长辈版（大字）' }).getAttribute('aria-checked')).toBe('true');
    fireEvent.click(screen.getByRole('switch', { name: '长辈版（大字）' }));
    expect(getState().largeText).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: /食品安全投诉举报 12315/ }));
    expect(callsOf('makePhoneCall')).toEqual([{ phoneNumber: '12315' }]);
  });
});

describe('我的', () => {
  test('not logged in: a 登录 button that opens login and returns to 我的', () => {
    render(<Mine />);
    expect(screen.getByText('您还未登录')).toBeTruthy();
    expect(screen.queryByText('退出登录')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '登录' }));
    expect(callsOf('navigateTo')).toEqual([{ url: ROUTES.login }]);
    expect(storage.get(STORAGE_KEYS.returnTo)).toBe(ROUTES.mine);
  });

  test('an inspector sees name, masked phone, role, region and the 监管工作台 link', async () => {
    setSession('tok', userWith(['inspector']));
    mockResponder(() => ({ statusCode: 200, data: { user: userWith(['inspector']) } }));
    render(<Mine />);
    expect(screen.getByText('李四')).toBeTruthy();
    expect(screen.getByText('139****1234')).toBeTruthy();
    expect(screen.getByText('监管人员')).toBeTruthy();
    expect(screen.getByText('所属区域：鱼峰区')).toBeTruthy();
    const links = screen.getAllByRole('link').map((l) => l.querySelector('.list-row__main span')?.textContent);
    expect(links).toEqual(['消息', '我的作坊', '我的培训', '我的举报', '监管工作台', '绑定手机号', '工作人员邀请', '网页登录']);
    // The page refreshes the user from /me when shown.
    await waitFor(() => expect((callsOf('request')[0] as RequestCall).url).toBe('/api/v1/me'));
  });

  test('an owner has no 监管工作台; 退出登录 logs out', async () => {
    setSession('tok', userWith(['owner']));
    mockResponder(() => ({ statusCode: 200, data: { user: userWith(['owner']) } }));
    render(<Mine />);
    expect(screen.getByText('作坊业主')).toBeTruthy();
    expect(screen.queryByText('监管工作台')).toBeNull();
    expect(screen.getByText('非遗与品牌申报')).toBeTruthy(); // 我的申报 of the programs, for owners
    // Shown: the user from /me and the unread count for 消息.
    await waitFor(() => expect((callsOf('request') as RequestCall[]).map((r) => r.url)).toEqual(['/api/v1/me', '/api/v1/messages/unread-count']));
    fireEvent.click(screen.getByRole('button', { name: '退出登录' }));
    expect(getState().token).toBeNull();
    expect(await screen.findByText('您还未登录')).toBeTruthy();
  });

  test('the large-text switch scales the page and is remembered', () => {
    const { container } = render(<Mine />);
    const page = container.querySelector('.page')!;
    const toggle = screen.getByRole('switch');
    expect(toggle.getAttribute('aria-checked')).toBe('false');
    expect(page.classList.contains('page--large')).toBe(false);

    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-checked')).toBe('true');
    expect(page.classList.contains('page--large')).toBe(true);
    expect(storage.get(STORAGE_KEYS.largeText)).toBe(true);

    act(() => reloadState()); // a new app start reads it back
    expect(container.querySelector('.page')!.classList.contains('page--large')).toBe(true);
  });
});

describe('登录 (H5 panel)', () => {
  test('with dev login on, picking a role logs in as that demo account and goes back', async () => {
    jest.useFakeTimers();
    try {
      setPages([{ route: 'pages/mine/index' }, { route: 'pages/login/index' }]);
      storage.set(STORAGE_KEYS.returnTo, ROUTES.mine);
      mockResponder((req) => {
        if (req.url.endsWith('/meta')) return { statusCode: 200, data: { name: 'xzf', devLogin: true, version: '1' } };
        if (req.url.endsWith('/auth/dev'))
          return { statusCode: 200, data: { token: 'dev-tok', expiresAt: '2030-01-01T00:00:00Z', user: userWith(['owner']) } };
        return { statusCode: 404, data: {} };
      });
      render(<Login />);
      const owner = await screen.findByText('作坊业主');
      fireEvent.click(owner.closest('[role=button]')!);
      await waitFor(() => expect(getState().token).toBe('dev-tok'));
      const post = callsOf('request').find((r) => (r as RequestCall).url.endsWith('/auth/dev')) as RequestCall;
      expect(post).toMatchObject({ method: 'POST', data: { role: 'owner', region: '450203' } });
      act(() => {
        jest.runAllTimers();
      });
      expect(callsOf('navigateBack')).toEqual([{ delta: 1 }]);
    } finally {
      jest.useRealTimers();
    }
  });

  test('without dev login the portal offers phone code, WeChat QR and staff sign-in (only those the server has)', async () => {
    mockResponder(() => ({ statusCode: 200, data: { name: 'xzf', devLogin: false, version: '1', signIn: { sms: true, wechatQr: true, staff: true } } }));
    render(<Login />);
    for (const m of ['手机号验证码登录', '微信扫码登录', '工作人员登录']) expect(await screen.findByText(m)).toBeTruthy();
    expect(screen.getByText('获取验证码')).toBeTruthy();
    expect(within(document.body).queryByText('作坊业主')).toBeNull();
  });

  test('without SMS or QR configured only staff sign-in is offered', async () => {
    mockResponder(() => ({ statusCode: 200, data: { name: 'xzf', devLogin: false, version: '1', signIn: { sms: false, wechatQr: false, staff: true } } }));
    render(<Login />);
    expect(await screen.findByText('工作人员登录')).toBeTruthy();
    expect(screen.getByText('下一步')).toBeTruthy();
    expect(within(document.body).queryByText('手机号验证码登录')).toBeNull();
  });
});
