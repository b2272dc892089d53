import Taro from '@tarojs/taro';
import { API_BASE, ApiError, messageFor } from '@/services/request';

/** WeChat: a course material downloaded, then opened in WeChat's document viewer, or as a picture. */
export async function openFile(fileId: string): Promise<void> {
  const r = await Taro.downloadFile({ url: `${API_BASE}/files/${fileId}` });
  if (r.statusCode !== 200) throw new ApiError(`http.${r.statusCode}`, messageFor(`http.${r.statusCode}`, undefined, r.statusCode), r.statusCode);
  try {
    await Taro.openDocument({ filePath: r.tempFilePath, showMenu: true });
  } catch {
    await Taro.previewImage({ urls: [r.tempFilePath] });
  }
}
