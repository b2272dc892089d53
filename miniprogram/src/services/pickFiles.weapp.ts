import Taro from '@tarojs/taro';

// WeChat: a file from a chat (PDF or pictures), as course materials usually arrive on a phone.
export interface PickedFile { path: string; name: string }

export async function pickFiles(max: number): Promise<PickedFile[]> {
  try {
    const r = await Taro.chooseMessageFile({ count: Math.max(1, Math.min(max, 20)), type: 'file', extension: ['pdf', 'jpg', 'jpeg', 'png', 'webp'] });
    return r.tempFiles.map((f) => ({ path: f.path, name: f.name }));
  } catch {
    return []; // cancelled
  }
}
