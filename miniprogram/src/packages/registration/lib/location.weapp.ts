import Taro from '@tarojs/taro';

// WeChat: the map picker (needs the scope.userLocation declaration in app.json's permission).
export const canPickLocation = true;
export const LOCATION_ACTION = '在地图上选择位置';

export async function pickLocation(): Promise<{ lat: number; lng: number } | null> {
  try {
    const r = await Taro.chooseLocation({});
    return { lat: Math.round(r.latitude * 1e6) / 1e6, lng: Math.round(r.longitude * 1e6) / 1e6 };
  } catch (e) {
    // Cancelled by the person: no point. Only when the map picker is unavailable, the device's position.
    if (/cancel/i.test(String((e as { errMsg?: string })?.errMsg ?? e))) return null;
    try {
      const r = await Taro.getLocation({ type: 'gcj02' });
      return { lat: Math.round(r.latitude * 1e6) / 1e6, lng: Math.round(r.longitude * 1e6) / 1e6 };
    } catch {
      return null; // refused or cancelled: the address is enough
    }
  }
}
