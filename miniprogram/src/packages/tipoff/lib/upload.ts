import Taro from '@tarojs/taro';
import { API_BASE, ApiError, messageFor, showError } from '@/services/request';
import { getState } from '@/store/app';
import type { DraftMedia } from './storage';

export interface Picked { path: string; kind: 'image' | 'video'; preview?: string }

/** Evidence upload (purpose=tipoff): anonymous allowed; the server strips EXIF/GPS and makes thumbnails. */
async function uploadOne(p: Picked): Promise<DraftMedia> {
  const { token } = getState();
  let res: { statusCode: number; data: unknown };
  try {
    res = await Taro.uploadFile({
      url: `${API_BASE}/files`,
      filePath: p.path,
      name: 'file',
      fileName: p.kind === 'video' ? 'evidence.mp4' : 'evidence.jpg',
      formData: { purpose: 'tipoff' },
      header: token ? { Authorization: `Bearer ${token}` } : {},
    } as Taro.uploadFile.Option);
  } catch {
    throw new ApiError('network.error', messageFor('network.error'), 0);
  }
  let body: { data?: { id: string }; error?: { code: string; message: string } } = {};
  try {
    body = (typeof res.data === 'string' ? JSON.parse(res.data || '{}') : res.data) as typeof body;
  } catch {
    // non-JSON error page (e.g. a proxy's 413): fall through to the status
  }
  if (res.statusCode >= 300 || !body.data) {
    const code = body.error?.code ?? (res.statusCode === 413 ? 'file.too_large' : 'server.error');
    throw new ApiError(code, messageFor(code, body.error?.message, res.statusCode), res.statusCode);
  }
  return { id: body.data.id, kind: p.kind, preview: p.preview ?? (p.kind === 'image' ? p.path : undefined) };
}

/** Uploads the picked files one by one; stops at the first failure (its message is shown). */
export async function uploadAll(picked: Picked[]): Promise<DraftMedia[]> {
  const done: DraftMedia[] = [];
  if (!picked.length) return done;
  void Taro.showLoading({ title: '上传中', mask: true });
  try {
    for (const p of picked) done.push(await uploadOne(p));
  } catch (e) {
    Taro.hideLoading();
    showError(e);
    return done;
  }
  Taro.hideLoading();
  return done;
}
