// The application form: a draft that survives leaving the page, required materials and statement checked
// before sending, a confirmation, the body the server gets, the failing rules of a 422 in words.
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import Taro from '@tarojs/taro';
import ProgramApply from '@/packages/programs/apply/index';
import { reloadState, setSession } from '@/store/app';
import { callsOf, mockResponder, resetTaro, setPages, storage, type RequestCall } from '../support/taro';
import { json, owner, path, PID, program, ruleTraining } from './fixtures';

const T = Taro as unknown as Record<string, unknown>;
let confirmAnswer = true;
let uploads = 0;
beforeEach(() => {
  resetTaro();
  reloadState();
  setSession('tok', owner);
  setPages([{ route: 'packages/programs/apply/index', options: { id: PID } }]);
  confirmAnswer = true;
  uploads = 0;
  T.showModal = () => Promise.resolve({ confirm: confirmAnswer, cancel: !confirmAnswer });
  T.chooseImage = () => Promise.resolve({ tempFilePaths: ['blob:photo-1'] });
  T.uploadFile = () => Promise.resolve({ statusCode: 201, data: JSON.stringify({ data: { id: `f${String(++uploads).padStart(23, '0')}`, url: '/x', thumbnailUrl: null } }) });
});
afterEach(() => { delete T.showModal; delete T.chooseImage; delete T.uploadFile; });

function server(answer: 'ok' | 'ineligible' = 'ok') {
  const posts: RequestCall[] = [];
  mockResponder((req) => {
    const p = path(req.url);
    if (p === `/programs/${PID}` && req.method === 'GET') return json({ data: program() });
    if (p === '/workshops/mine') return json({ data: [{ workshop: { id: 'w1', name: '鱼峰李记螺蛳粉作坊' } }] });
    if (p === `/programs/${PID}/applications` && req.method === 'POST') {
      posts.push(req);
      if (answer === 'ineligible') {
        return json({ error: { code: 'program.not_eligible', message: '暂不符合申报条件：参加 8 学时培训，目前 4 学时', details: { failed: [ruleTraining()] } } }, 422);
      }
      return json({ data: { id: 'a1' } }, 201);
    }
    return json({ error: { code: 'route.not_found' } }, 404);
  });
  return posts;
}
const statement = () => screen.getByLabelText('申报说明');

test('the draft survives leaving the page: statement and uploaded materials come back', async () => {
  server();
  const first = render(<ProgramApply />);
  await screen.findByText('申报作坊：鱼峰李记螺蛳粉作坊');
  fireEvent.input(statement(), { target: { value: '三代手工米粉，年产30吨。' } });
  fireEvent.click(screen.getByRole('button', { name: '拍照或从相册上传' }));
  expect(await screen.findByText('照片1（已上传）')).toBeTruthy();
  first.unmount();
  render(<ProgramApply />);
  await screen.findByText('照片1（已上传）');
  expect((statement() as HTMLTextAreaElement).value).toBe('三代手工米粉，年产30吨。');
});

test('missing statement and materials are listed; nothing is sent', async () => {
  const posts = server();
  render(<ProgramApply />);
  fireEvent.click(await screen.findByRole('button', { name: '提交申报' }));
  const errors = await screen.findByTestId('form-errors');
  expect(within(errors).getByText('请填写申报说明')).toBeTruthy();
  expect(within(errors).getByText('请上传：生产场所照片')).toBeTruthy();
  expect(posts).toHaveLength(0);
});

test('confirmation first (cancel sends nothing); then the body; the draft is cleared and 我的申报 opens', async () => {
  const posts = server();
  render(<ProgramApply />);
  await screen.findByText('申报作坊：鱼峰李记螺蛳粉作坊');
  fireEvent.input(statement(), { target: { value: '三代手工米粉' } });
  fireEvent.click(screen.getByRole('button', { name: '拍照或从相册上传' }));
  await screen.findByText('照片1（已上传）');
  confirmAnswer = false;
  fireEvent.click(screen.getByRole('button', { name: '提交申报' }));
  await act(() => Promise.resolve());
  expect(posts).toHaveLength(0);
  confirmAnswer = true;
  fireEvent.click(screen.getByRole('button', { name: '提交申报' }));
  await waitFor(() => expect(posts).toHaveLength(1));
  expect(posts[0].data).toEqual({ workshopId: 'w1', statement: '三代手工米粉', materials: [{ code: 'photos', fileId: `f${'1'.padStart(23, '0')}` }] });
  await waitFor(() => expect(callsOf('redirectTo')).toEqual([{ url: '/packages/programs/mine/index' }]));
  expect(storage.has(`xzf.programDraft.u1.${PID}`)).toBe(false);
});

test('a 422 not eligible shows each failing rule in words with its link; the draft stays', async () => {
  server('ineligible');
  render(<ProgramApply />);
  await screen.findByText('申报作坊：鱼峰李记螺蛳粉作坊');
  fireEvent.input(statement(), { target: { value: '三代手工米粉' } });
  fireEvent.click(screen.getByRole('button', { name: '拍照或从相册上传' }));
  await screen.findByText('照片1（已上传）');
  fireEvent.click(screen.getByRole('button', { name: '提交申报' }));
  const failed = await screen.findByTestId('failed-rules');
  expect(within(failed).getByText('参加 8 学时培训，目前 4 学时')).toBeTruthy();
  expect(within(failed).getByRole('link', { name: /去报名培训/ })).toBeTruthy();
  expect(screen.getByTestId('form-errors').textContent).toContain('暂不符合申报条件');
  expect(storage.has(`xzf.programDraft.u1.${PID}`)).toBe(true);
});

test('a guest is asked to log in', () => {
  resetTaro();
  reloadState();
  render(<ProgramApply />);
  expect(screen.getByText('请先登录')).toBeTruthy();
  expect(callsOf('request')).toHaveLength(0);
});

test('a PDF document is uploaded under its own name as a program file', async () => {
  const posts = server();
  const sent: Array<{ formData: unknown; fileName: string }> = [];
  T.uploadFile = (o: { formData: unknown; fileName: string }) => {
    sent.push(o);
    return Promise.resolve({ statusCode: 201, data: JSON.stringify({ data: { id: 'd'.repeat(24), url: '/x', thumbnailUrl: null } }) });
  };
  const pick = jest.spyOn(document, 'createElement');
  render(<ProgramApply />);
  await screen.findByText('申报作坊：鱼峰李记螺蛳粉作坊');
  fireEvent.click(screen.getByRole('button', { name: '上传文件（PDF）' }));
  // The browser's file chooser: one PDF chosen.
  const input = pick.mock.results.map((r) => r.value as HTMLElement).find((el) => el instanceof HTMLInputElement && el.type === 'file') as HTMLInputElement;
  pick.mockRestore();
  const file = new File(['%PDF-1.4'], '营业执照.pdf', { type: 'application/pdf' });
  Object.defineProperty(input, 'files', { value: [file] });
  (URL as unknown as { createObjectURL: (f: File) => string }).createObjectURL = () => 'blob:pdf-1';
  fireEvent(input, new Event('change'));
  expect(await screen.findByText('营业执照.pdf（已上传）')).toBeTruthy();
  expect(sent[0]).toMatchObject({ formData: { purpose: 'program' }, fileName: '营业执照.pdf' });
  expect(posts).toHaveLength(0);
});
