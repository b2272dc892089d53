// The trainer desk's tools: 导出名单（Excel） (H5: fetched with the session token, saved under a Chinese name),
// 群发通知 (checked, confirmed, sent once with one messageId even when retried), the course form's food
// categories and materials (uploaded as training files), and the session form's map point (the browser's
// position converted to GCJ-02; the address alone when refused).
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import Taro from '@tarojs/taro';
import RosterPage from '@/packages/training/desk/roster/index';
import CourseFormPage from '@/packages/training/desk/course-form/index';
import SessionFormPage from '@/packages/training/desk/session-form/index';
import { emptySessionForm, sessionBody } from '@/packages/training/lib/forms';
import { wgs84ToGcj02 } from '@/services/geo.h5';
import { reloadState, setSession } from '@/store/app';
import { callsOf, mockResponder, resetTaro, setPages, type RequestCall } from '../support/taro';
import { course, json, owner, path, session } from './fixtures';

const T = Taro as unknown as Record<string, unknown>;
let confirmAnswer = true;
const modals: Array<{ title: string; content: string }> = [];
beforeEach(() => {
  resetTaro();
  reloadState();
  setSession('tok', { ...owner, roles: ['trainer'] });
  confirmAnswer = true;
  modals.length = 0;
  T.showModal = (a: { title: string; content: string }) => { modals.push(a); return Promise.resolve({ confirm: confirmAnswer, cancel: !confirmAnswer }); };
});
afterEach(() => { delete T.showModal; delete T.uploadFile; });

const entry = (id: string, name: string, status: string, statusLabel: string, waitlistPosition: number | null = null) => ({
  id, workshop: { id: `w-${id}`, name: `${name}的作坊` }, attendee: { name, phoneMasked: '138****5678' }, status, statusLabel, waitlistPosition, checkedInAt: null, certificateNo: null,
});

describe('roster desk', () => {
  beforeEach(() => setPages([{ route: 'packages/training/desk/roster/index', options: { id: 's1' } }]));
  function server(opts: { failFirstPost?: boolean } = {}) {
    const posts: RequestCall[] = [];
    let fail = !!opts.failFirstPost;
    mockResponder((req) => {
      const p = path(req.url);
      if (p === '/sessions/s1/roster') {
        return json({ data: {
          session: session(), counts: { confirmed: 2, waitlisted: 1, cancelled: 1 },
          entries: [entry('a'.repeat(24), '张三', 'confirmed', '报名成功'), entry('b'.repeat(24), '李四', 'confirmed', '报名成功'),
            entry('c'.repeat(24), '王五', 'waitlisted', '候补中', 1), entry('d'.repeat(24), '赵六', 'cancelled', '已取消')],
        } });
      }
      if (req.method === 'POST' && p === '/sessions/s1/messages') {
        posts.push(req);
        if (fail) { fail = false; throw { errMsg: 'request:fail' }; }
        const b = req.data as { messageId: string; includeWaitlisted: boolean };
        return json({ data: { messageId: b.messageId, told: b.includeWaitlisted ? 3 : 2, includeWaitlisted: b.includeWaitlisted, replayed: posts.length > 2, sentAt: '2026-12-01T01:00:00.000Z' } });
      }
      return json({ error: { code: 'route.not_found' } }, 404);
    });
    return { posts };
  }

  test('导出名单（Excel） fetches the workbook with the token and saves it under the course\'s name', async () => {
    server();
    const fetched: Array<{ url: string; headers: Record<string, string> }> = [];
    const g = globalThis as unknown as Record<string, unknown>;
    g.fetch = async (url: string, init: { headers: Record<string, string> }) => {
      fetched.push({ url, headers: init.headers });
      return { ok: true, status: 200, blob: async () => new Blob(['PK']) };
    };
    const saved: string[] = [];
    const created = URL.createObjectURL;
    URL.createObjectURL = () => 'blob:roster';
    URL.revokeObjectURL = () => undefined;
    const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) { saved.push(this.download); });
    try {
      render(<RosterPage />);
      await screen.findByText('张三 · 138****5678');
      fireEvent.click(screen.getByRole('button', { name: '导出名单（Excel）' }));
      await waitFor(() => expect(saved).toEqual(['食品安全法规第1讲-名单.xlsx']));
      expect(fetched).toEqual([{ url: expect.stringMatching(/\/sessions\/s1\/roster\.xlsx$/), headers: { Authorization: 'Bearer tok' } }]);
    } finally {
      click.mockRestore();
      URL.createObjectURL = created;
      delete g.fetch;
    }
  });

  test('群发通知: required fields, a confirmation naming who is told, then one message id even when retried', async () => {
    const { posts } = server({ failFirstPost: true });
    render(<RosterPage />);
    await screen.findByText('张三 · 138****5678');
    fireEvent.click(screen.getByRole('button', { name: '群发通知' }));
    const form = screen.getByTestId('message-form');
    fireEvent.click(within(form).getByRole('button', { name: '发送通知' }));
    expect(within(form).getByTestId('form-errors').textContent).toContain('请填写通知标题');
    expect(within(form).getByTestId('form-errors').textContent).toContain('请填写通知内容');
    expect(posts).toHaveLength(0);

    fireEvent.input(within(form).getByLabelText('通知标题'), { target: { value: '培训地点变更' } });
    fireEvent.change(within(form).getByLabelText('通知内容'), { target: { value: '改在五楼会议室' } });
    confirmAnswer = false;
    fireEvent.click(within(form).getByRole('button', { name: '发送通知' }));
    await waitFor(() => expect(modals).toHaveLength(1));
    expect(modals[0].content).toContain('已报名的 2 人');
    expect(posts).toHaveLength(0);

    // The waitlist too; the first send is lost on the network, the second carries the same messageId.
    fireEvent.click(within(form).getByRole('checkbox', { name: /同时通知候补人员（1 人）/ }));
    confirmAnswer = true;
    fireEvent.click(within(form).getByRole('button', { name: '发送通知' }));
    await waitFor(() => expect(posts).toHaveLength(1));
    expect(modals[1].content).toContain('已报名和候补的 3 人');
    await waitFor(() => expect(screen.getByTestId('message-form')).toBeTruthy());
    fireEvent.click(within(screen.getByTestId('message-form')).getByRole('button', { name: '发送通知' }));
    await waitFor(() => expect(screen.queryByTestId('message-form')).toBeNull());
    expect(posts).toHaveLength(2);
    const bodies = posts.map((p) => p.data as { messageId: string });
    expect(bodies[0]).toEqual({ messageId: expect.stringMatching(/^[A-Za-z0-9_-]{8,64}$/), title: '培训地点变更', body: '改在五楼会议室', includeWaitlisted: true });
    expect(bodies[1].messageId).toBe(bodies[0].messageId);
    expect(callsOf('showToast')).toContainEqual(expect.objectContaining({ title: '已通知 3 位报名人' }));
  });
});

describe('course form', () => {
  test('food categories and uploaded materials go into the new course', async () => {
    setPages([{ route: 'packages/training/desk/course-form/index' }]);
    const created: unknown[] = [];
    mockResponder((req) => {
      if (req.method === 'POST' && path(req.url) === '/courses') { created.push(req.data); return json({ data: { id: 'c9' } }, 201); }
      return json({ error: { code: 'route.not_found' } }, 404);
    });
    const uploads: Array<{ filePath: string; fileName: string; formData: unknown }> = [];
    T.uploadFile = (o: { filePath: string; fileName: string; formData: unknown }) => {
      uploads.push(o);
      return Promise.resolve({ statusCode: 201, data: JSON.stringify({ data: { id: `f${uploads.length}`.padEnd(24, '0'), url: '/x', thumbnailUrl: null } }) });
    };
    // The browser's file chooser: answer with two files.
    const created2 = URL.createObjectURL;
    URL.createObjectURL = (f: Blob) => `blob:${(f as File).name}`;
    const click = jest.spyOn(HTMLInputElement.prototype, 'click').mockImplementation(function (this: HTMLInputElement) {
      const files = [new File(['%PDF-1.4'], '操作规范讲义.pdf', { type: 'application/pdf' }), new File(['x'], '现场照片.jpg', { type: 'image/jpeg' })];
      Object.defineProperty(this, 'files', { value: files });
      this.dispatchEvent(new Event('change'));
    });
    try {
      render(<CourseFormPage />);
      fireEvent.input(screen.getByLabelText('课程名称'), { target: { value: '米粉生产操作规范' } });
      fireEvent.click(screen.getByRole('radio', { name: '操作规范' }));
      fireEvent.input(screen.getByLabelText('学时'), { target: { value: '2' } });
      fireEvent.change(screen.getByLabelText('课程介绍'), { target: { value: '原料验收与清洗消毒' } });
      fireEvent.click(screen.getByRole('checkbox', { name: '米面制品' }));
      fireEvent.click(screen.getByRole('checkbox', { name: '豆制品' }));
      fireEvent.click(screen.getByRole('checkbox', { name: '豆制品' })); // changed their mind
      fireEvent.click(screen.getByRole('button', { name: '上传资料' }));
      const list = await screen.findByTestId('materials');
      expect(within(list).getByText('操作规范讲义.pdf')).toBeTruthy();
      expect(uploads.map((u) => [u.filePath, u.fileName, u.formData])).toEqual([
        ['blob:操作规范讲义.pdf', '操作规范讲义.pdf', { purpose: 'training' }], ['blob:现场照片.jpg', '现场照片.jpg', { purpose: 'training' }],
      ]);
      fireEvent.click(within(list).getByRole('button', { name: '删除资料现场照片.jpg' }));
      fireEvent.click(screen.getByRole('button', { name: '保存课程' }));
      await waitFor(() => expect(created).toHaveLength(1));
      expect(created[0]).toEqual({
        title: '米粉生产操作规范', category: 'practice', description: '原料验收与清洗消毒', hours: 2, targetCategories: ['rice_flour'], materials: ['f1'.padEnd(24, '0')],
      });
    } finally {
      click.mockRestore();
      URL.createObjectURL = created2;
    }
  });
});

describe('session form: the map point', () => {
  const geo = (answer: ((ok: (p: { coords: { latitude: number; longitude: number } }) => void, fail: () => void) => void) | null) => {
    Object.defineProperty(navigator, 'geolocation', { configurable: true, value: answer ? { getCurrentPosition: answer } : undefined });
  };
  afterEach(() => geo(null));

  test('WGS-84 from the browser becomes GCJ-02 (the offset in China, none abroad)', () => {
    // 天安门: WGS-84 39.90872, 116.39749 is about 39.91012, 116.40373 in GCJ-02.
    const p = wgs84ToGcj02(39.90872, 116.39749);
    expect(Math.abs(p.lat - 39.91012)).toBeLessThan(0.0002);
    expect(Math.abs(p.lng - 116.40373)).toBeLessThan(0.0002);
    expect(wgs84ToGcj02(48.8584, 2.2945)).toEqual({ lat: 48.8584, lng: 2.2945 });
  });

  test('使用当前位置 adds the point to the place; refused, a toast and the address stays enough', async () => {
    setPages([{ route: 'packages/training/desk/session-form/index', options: { courseId: 'c'.repeat(24) } }]);
    geo((ok) => ok({ coords: { latitude: 24.3065, longitude: 109.4236 } }));
    render(<SessionFormPage />);
    fireEvent.input(screen.getByLabelText('培训地点'), { target: { value: '鱼峰区市场监管局三楼' } });
    fireEvent.click(screen.getByRole('button', { name: '使用当前位置' }));
    const shown = await screen.findByTestId('session-point');
    const expected = wgs84ToGcj02(24.3065, 109.4236);
    expect(expected.lng).not.toBe(109.4236);
    expect(shown.textContent).toContain(`${expected.lat.toFixed(5)}, ${expected.lng.toFixed(5)}`);
    expect(screen.getByLabelText('培训地点')).toHaveProperty('value', '鱼峰区市场监管局三楼');
    // Refused the second time: a toast, the point kept; 清除 removes it.
    geo((_ok, fail) => fail());
    fireEvent.click(screen.getByRole('button', { name: '使用当前位置（重新标注）' }));
    await waitFor(() => expect(callsOf('showToast')).toContainEqual(expect.objectContaining({ title: '未能获取位置，请填写详细地址' })));
    expect(screen.getByTestId('session-point')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '清除位置标注' }));
    expect(screen.queryByTestId('session-point')).toBeNull();
  });

  test('no geolocation in the browser: no button, the address alone', () => {
    setPages([{ route: 'packages/training/desk/session-form/index', options: { courseId: 'c'.repeat(24) } }]);
    render(<SessionFormPage />);
    expect(screen.getByLabelText('培训地点')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /使用当前位置/ })).toBeNull();
  });

  test('the point goes with the address in the API body', () => {
    const f = { ...emptySessionForm(), startDate: '2026-12-10', address: '鱼峰区市场监管局三楼', signupDate: '2026-12-09', cancelDate: '2026-12-08' };
    const now = Date.parse('2026-11-30T00:00:00Z');
    expect(sessionBody('c'.repeat(24), { ...f, point: { lat: 24.303, lng: 109.429 } }, false, now).body?.place).toEqual({ address: '鱼峰区市场监管局三楼', point: { lat: 24.303, lng: 109.429 } });
    expect(sessionBody('c'.repeat(24), { ...f, point: null }, false, now).body?.place).toEqual({ address: '鱼峰区市场监管局三楼' });
  });
});

describe('course materials', () => {
  test('the course page lists its materials; one opens in a new tab on H5', async () => {
    const CoursePage = (await import('@/packages/training/course/index')).default;
    setPages([{ route: 'packages/training/course/index', options: { id: 'c1' } }]);
    mockResponder((req) => (path(req.url) === '/courses/c1'
      ? json({ data: { ...course(1), description: '讲解', sessions: [], materials: [{ id: 'f'.repeat(24), url: `/api/v1/files/${'f'.repeat(24)}` }] } })
      : json({ error: { code: 'route.not_found' } }, 404)));
    const opened: string[] = [];
    const open = jest.spyOn(window, 'open').mockImplementation((url) => { opened.push(String(url)); return null; });
    try {
      render(<CoursePage />);
      const list = await screen.findByTestId('course-materials');
      fireEvent.click(within(list).getByRole('button', { name: '打开课程资料 1' }));
      await waitFor(() => expect(opened).toEqual([expect.stringMatching(new RegExp(`/files/${'f'.repeat(24)}$`))]));
    } finally {
      open.mockRestore();
    }
  });
});
