import Taro from '@tarojs/taro';
import type { Picked } from './upload';

// H5: photos from the file picker (a phone browser offers the camera there too).
/** What this platform takes: the web build picks photos only. */
export const mediaLabel = '照片';
export const mediaHint = '可上传照片，最多9张；照片的拍摄位置等信息会被自动去除。';

export async function pickMedia(max: number): Promise<Picked[]> {
  try {
    const r = await Taro.chooseImage({ count: Math.max(1, Math.min(9, max)), sizeType: ['compressed'], sourceType: ['album', 'camera'] });
    return r.tempFilePaths.map((path) => ({ path, kind: 'image' as const }));
  } catch {
    return []; // cancelled
  }
}
