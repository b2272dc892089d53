// The browser's position for the web portal (no map tiles from outside). Browsers give WGS-84; the platform
// stores GCJ-02, what WeChat's map and chooseLocation use. The conversion is gcoord's (the maintained
// implementation of the national offset) rather than a copy of the formula per page.
import gcoord from 'gcoord';

const round = (n: number) => Math.round(n * 1e6) / 1e6;

/** WGS-84 → GCJ-02, to 1e-6° (about 0.1 m); gcoord leaves points outside China as they are. */
export function wgs84ToGcj02(lat: number, lng: number): { lat: number; lng: number } {
  const [x, y] = gcoord.transform([lng, lat], gcoord.WGS84, gcoord.GCJ02);
  return { lat: round(y), lng: round(x) };
}

/** Whether this browser can tell its position. */
export const canLocate = () => typeof navigator !== 'undefined' && !!navigator.geolocation;

/** The device's position in GCJ-02 (asks the browser's permission); null when refused or unavailable. */
export function browserPoint(): Promise<{ lat: number; lng: number } | null> {
  if (!canLocate()) return Promise.resolve(null);
  return new Promise((resolve) => {
    navigator.geolocation.getCurrentPosition(
      (p) => resolve(wgs84ToGcj02(p.coords.latitude, p.coords.longitude)),
      () => resolve(null),
      { enableHighAccuracy: true, timeout: 10_000, maximumAge: 60_000 },
    );
  });
}
