import Taro from '@tarojs/taro';
import type { FilePurpose } from '@shared/domain/files';
import { getState } from '@/store/app';
import { API_BASE, ApiError, messageFor, showError } from './request';

export interface Uploaded { id: string; url: string; thumbnailUrl: string | null }

/**
 * One file to POST /files (multipart). The server decides the type from the bytes and strips
 * EXIF/GPS from photos; `fileName` only helps people reading logs. Errors come back as ApiError
 * with the Chinese message (a proxy's non-JSON 413 too).
 */
export async function uploadFile(purpose: FilePurpose, filePath: string, fileName = 'photo.jpg'): Promise<Uploaded> {
  const { token } = getState();
  let res: { statusCode: number; data: unknown };
  try {
    res = await Taro.uploadFile({
      url: `${API_BASE}/files`,
      filePath,
      name: 'file',
      fileName,
      formData: { purpose },
      header: token ? { Authorization: `Bearer ${token}` } : {},
    } as Taro.uploadFile.Option);
  } catch {
    throw new ApiError('network.error', messageFor('network.error'), 0);
  }
  let body: { data?: Uploaded; error?: { code: string; message: string } } = {};
  try {
    body = (typeof res.data === 'string' ? JSON.parse(res.data || '{}') : res.data) as typeof body;
  } catch {
    // not JSON: fall through to the status
  }
  if (res.statusCode >= 300 || !body.data) {
    const code = body.error?.code ?? (res.statusCode === 413 ? 'file.too_large' : 'server.error');
    throw new ApiError(code, messageFor(code, body.error?.message, res.statusCode), res.statusCode);
  }
  return body.data;
}

/**
 * Uploads files one by one behind a loading mask; stops at the first failure (its message is shown)
 * and returns those stored before it.
 */
export async function uploadEach<T, R>(items: T[], upload: (item: T) => Promise<R>): Promise<R[]> {
  const done: R[] = [];
  if (!items.length) return done;
  void Taro.showLoading({ title: '上传中', mask: true });
  try {
    for (const item of items) done.push(await upload(item));
  } catch (e) {
    Taro.hideLoading();
    showError(e);
    return done;
  }
  Taro.hideLoading();
  return done;
}

/** Camera or album, then one upload per photo. Each stored file keeps its local preview path; cancelling returns none. */
export async function choosePhotos(purpose: FilePurpose, max: number): Promise<Array<Uploaded & { preview: string }>> {
  let paths: string[];
  try {
    const r = await Taro.chooseImage({ count: Math.max(1, Math.min(9, max)), sizeType: ['compressed'], sourceType: ['camera', 'album'] });
    paths = r.tempFilePaths;
  } catch {
    return [];
  }
  return uploadEach(paths, async (p) => ({ ...(await uploadFile(purpose, p)), preview: p }));
}
