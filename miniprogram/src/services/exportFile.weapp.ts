import Taro from '@tarojs/taro';
import { API_BASE, ApiError, messageFor } from './request';
import { getState } from '@/store/app';

/** WeChat: download with the session, then open it in the built-in viewer (which can forward or save it). */
export async function downloadExport(path: string, _fileName: string): Promise<void> {
  const { token } = getState();
  const r = await Taro.downloadFile({ url: `${API_BASE}${path}`, header: token ? { Authorization: `Bearer ${token}` } : {} });
  if (r.statusCode !== 200) throw new ApiError(`http.${r.statusCode}`, messageFor(`http.${r.statusCode}`, undefined, r.statusCode), r.statusCode);
  await Taro.openDocument({ filePath: r.tempFilePath, fileType: 'xlsx', showMenu: true });
}
