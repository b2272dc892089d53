import Taro from '@tarojs/taro';
import { API_BASE } from '@/services/request';
import { choosePhotos, type Uploaded } from '@/services/upload';
import { getState } from '@/store/app';

/** Lets the owner pick photos (camera or album) and uploads each; returns those that were stored. */
export async function chooseAndUpload(max: number): Promise<{ files: Uploaded[]; previews: Record<string, string> }> {
  const stored = await choosePhotos('registration', max);
  return { files: stored, previews: Object.fromEntries(stored.map((f) => [f.id, f.preview])) };
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
