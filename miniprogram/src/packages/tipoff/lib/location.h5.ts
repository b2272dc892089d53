// H5: the browser's position (optional; the address and region are enough), converted to GCJ-02 — the
// points the server groups reports by (services/geo.h5.ts).
import { browserPoint } from '@/services/geo.h5';

export const locationLabel = '使用当前位置（可选）';

export function pickPoint(): Promise<{ lat: number; lng: number; address?: string } | null> {
  return browserPoint();
}
