import Taro from '@tarojs/taro';
import { API_BASE, ApiError, messageFor, showError } from '@/services/request';
import { getState } from '@/store/app';

export interface Uploaded { id: string; url: string; thumbnailUrl: string | null }

/** Lets the owner pick photos (camera or album) and uploads each; returns those that were stored. */
export async function chooseAndUpload(max: number): Promise<{ files: Uploaded[]; previews: Record<string, string> }> {
  let paths: string[];
  try {
    const r = await Taro.chooseImage({ count: Math.max(1, Math.min(9, max)), sizeType: ['compressed'], sourceType: ['album', 'camera'] });
    paths = r.tempFilePaths;
  } catch {
    return { files: [], previews: {} }; // cancelled
  }
  const files: Uploaded[] = [];
  const previews: Record<string, string> = {};
  void Taro.showLoading({ title: '上传中', mask: true });
  try {
    for (const filePath of paths) {
      const f = await uploadOne(filePath);
      files.push(f);
      previews[f.id] = filePath;
    }
  } catch (e) {
    Taro.hideLoading();
    showError(e);
    return { files, previews };
  }
  Taro.hideLoading();
  return { files, previews };
}

async function uploadOne(filePath: string): Promise<Uploaded> {
  const { token } = getState();
  let res: { statusCode: number; data: unknown };
  try {
    res = await Taro.uploadFile({
      url: `${API_BASE}/files`,
      filePath,
      name: 'file',
      fileName: 'photo.jpg',
      formData: { purpose: 'registration' },
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

/**
 * A private file (registration photos are readable by the applicant and reviewers only) as a local
 * path an Image can show: downloaded with the session token, since an <img> cannot send headers.
 */
export async function privateImagePath(fileId: string, thumbnail = true): Promise<string | null> {
  const { token } = getState();
  try {
    const r = await Taro.downloadFile({ url: `${API_BASE}/files/${fileId}${thumbnail ? '/thumbnail' : ''}`, header: token ? { Authorization: `Bearer ${token}` } : {} });
    return r.statusCode === 200 ? r.tempFilePath : null;
  } catch {
    return null;
  }
}
