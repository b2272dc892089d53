import Taro from '@tarojs/taro';
import type { Picked } from './upload';

// WeChat: photos or a short video, from the camera or the album.
/** What this platform takes: photos and short videos (chooseMedia). */
export const mediaLabel = '照片或视频';
export const mediaHint = '可上传照片或30秒内的短视频，最多9个；照片的拍摄位置等信息会被自动去除。';

export async function pickMedia(max: number): Promise<Picked[]> {
  try {
    const r = await Taro.chooseMedia({
      count: Math.max(1, Math.min(9, max)), mediaType: ['image', 'video'], sourceType: ['album', 'camera'], maxDuration: 30, sizeType: ['compressed'],
    });
    return r.tempFiles.map((f) => ({
      path: f.tempFilePath,
      kind: f.fileType === 'video' ? ('video' as const) : ('image' as const),
      preview: f.fileType === 'video' ? f.thumbTempFilePath : f.tempFilePath,
    }));
  } catch {
    return []; // cancelled
  }
}
