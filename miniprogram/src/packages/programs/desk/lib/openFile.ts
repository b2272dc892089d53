import Taro from '@tarojs/taro';
import { API_BASE, showError } from '@/services/request';
import { getState } from '@/store/app';

/**
 * An application's material (private: staff of the region): downloaded with the session, then shown — a new
 * tab on H5, the document viewer or the image preview in the mini-program.
 */
export async function openMaterial(fileId: string): Promise<void> {
  const { token } = getState();
  try {
    const r = await Taro.downloadFile({ url: `${API_BASE}/files/${fileId}`, header: token ? { Authorization: `Bearer ${token}` } : {} });
    if (r.statusCode !== 200) { void Taro.showToast({ title: r.statusCode === 404 ? '文件不存在或已删除' : '无权查看该文件', icon: 'none' }); return; }
    if (process.env.TARO_ENV === 'h5') { window.open(r.tempFilePath, '_blank', 'noopener'); return; }
    try {
      await Taro.openDocument({ filePath: r.tempFilePath, showMenu: true });
    } catch {
      await Taro.previewImage({ urls: [r.tempFilePath], current: r.tempFilePath });
    }
  } catch (e) {
    showError(e);
  }
}
