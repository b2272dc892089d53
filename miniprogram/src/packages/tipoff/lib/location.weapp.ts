import Taro from '@tarojs/taro';

// WeChat: the map picker (GCJ-02, what the server stores); the current position when the picker fails.
export const locationLabel = '在地图上选点';

const round = (n: number) => Math.round(n * 1e6) / 1e6;

export async function pickPoint(): Promise<{ lat: number; lng: number; address?: string } | null> {
  try {
    const r = await Taro.chooseLocation({});
    return { lat: round(r.latitude), lng: round(r.longitude), address: [r.address, r.name].filter(Boolean).join(' ') || undefined };
  } catch {
    try {
      const r = await Taro.getLocation({ type: 'gcj02' });
      return { lat: round(r.latitude), lng: round(r.longitude) };
    } catch {
      return null; // refused or cancelled: the address is enough
    }
  }
}
