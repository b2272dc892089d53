import Taro from '@tarojs/taro';

// WeChat: the map picker (GCJ-02; app.config.ts declares chooseLocation and scope.userLocation), with the
// place's address to fill an empty address field.
export interface PickedPoint { lat: number; lng: number; address?: string }

export const canPickPoint = () => true;
export const pickPointLabel = '在地图上选点';
const round = (n: number) => Math.round(n * 1e6) / 1e6;

export async function pickPoint(): Promise<PickedPoint | null> {
  try {
    const r = await Taro.chooseLocation({});
    const address = [r.address, r.name].filter(Boolean).join(' ').trim();
    return { lat: round(r.latitude), lng: round(r.longitude), ...(address ? { address } : {}) };
  } catch {
    return null; // refused or cancelled: the address is enough
  }
}
