// H5 (the web portal): the browser's own position, no map tiles from outside, converted to GCJ-02
// (services/geo.h5.ts); the address stays the fallback.
import { browserPoint, canLocate } from '@/services/geo.h5';

export interface PickedPoint { lat: number; lng: number; address?: string }

export const pickPointLabel = '使用当前位置';
/** Whether this browser can tell its position (asked when the form is drawn). */
export const canPickPoint = canLocate;

/** The device's position (asks the browser's permission); null when refused or unavailable: the address is enough. */
export function pickPoint(): Promise<PickedPoint | null> {
  return browserPoint();
}
