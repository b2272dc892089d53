import Taro from '@tarojs/taro';
import type { FilePurpose } from '@shared/domain/files';
import { getState } from '@/store/app';
import { API_BASE, ApiError, messageFor, showError } from './request';

export interface Uploaded { id: string; url: string; thumbnailUrl: string | null }

/**
 * Camera or album, then one upload per photo (the server strips EXIF/GPS). Returns the stored files
 * with a local preview path for each; cancelling returns none.
 */
export async function choosePhotos(purpose: FilePurpose, max: number): Promise<Array<Uploaded & { preview: string }>> {
  let paths: string[];
  try {
    const r = await Taro.chooseImage({ count: Math.max(1, Math.min(9, max)), sizeType: ['compressed'], sourceType: ['camera', 'album'] });
    paths = r.tempFilePaths;
  } catch {
    return [];
  }
  const out: Array<Uploaded & { preview: string }> = [];
  void Taro.showLoading({ title: '上传中', mask: true });
  try {
    for (const p of paths) out.push({ ...(await uploadOne(purpose, p)), preview: p });
    Taro.hideLoading();
  } catch (e) {
    Taro.hideLoading();
    showError(e);
  }
  return out;
}

async function uploadOne(purpose: FilePurpose, filePath: string): Promise<Uploaded> {
  const { token } = getState();
  let res: { statusCode: number; data: unknown };
  try {
    res = await Taro.uploadFile({
      url: `${API_BASE}/files`,
      filePath,
      name: 'file',
      fileName: 'photo.jpg',
      formData: { purpose },
      header: token ? { Authorization: `Bearer ${token}` } : {},
    } as Taro.uploadFile.Option);
  } catch {
    throw new ApiError('network.error', messageFor('network.error'), 0);
  }
  const body = (typeof res.data === 'string' ? JSON.parse(res.data || '{}') : res.data) as { data?: Uploaded; error?: { code: string; message: string } };
  if (res.statusCode >= 300 || !body.data) {
    const code = body.error?.code ?? 'server.error';
    throw new ApiError(code, messageFor(code, body.error?.message, res.statusCode), res.statusCode);
  }
  return body.data;
}
