// H5: the device's position from the browser (asked when the owner taps, GCJ-02 through gcoord); no map
// tiles from outside. Refused or unavailable: the address text is enough.
import { browserPoint, canLocate } from '@/services/geo.h5';

export const canPickLocation = canLocate();
export const LOCATION_ACTION = '使用当前位置（请在作坊现场操作）';

export function pickLocation(): Promise<{ lat: number; lng: number } | null> {
  return browserPoint();
}
