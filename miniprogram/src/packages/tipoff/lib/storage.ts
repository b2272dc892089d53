// What the tip-off pages keep on the device: the form draft (survives a closed app), the receipts
// (code + token: the token is shown once, so the device is where the reporter finds it again) and a
// random device id for the per-device rate limit.
import { readStorage, writeStorage } from '@/store/storage';
import type { TipoffKind } from '@shared/domain/tipoff';

export interface DraftMedia { id: string; kind: 'image' | 'video'; preview?: string }
export interface Draft {
  kind: TipoffKind;
  workshop: { id: string; name: string; regionCode: string; regionName: string } | null;
  region: string;
  regionName: string;
  location: { lat: number; lng: number } | null;
  address: string;
  description: string;
  media: DraftMedia[];
  anonymous: boolean;
  name: string;
  phone: string;
  consent: boolean;
}

export interface SavedReceipt { code: string; token: string; at: string; summary: string }

const KEYS = { draft: 'xzf.tipoffDraft', receipts: 'xzf.tipoffReceipts', device: 'xzf.deviceId' } as const;

export const emptyDraft = (): Draft => ({
  kind: 'unlicensed', workshop: null, region: '', regionName: '', location: null, address: '', description: '',
  media: [], anonymous: true, name: '', phone: '', consent: false,
});

export const loadDraft = (): Draft | null => readStorage<Draft>(KEYS.draft);
// Local previews (temp paths, blob URLs) do not outlive the app: keep only the uploaded file ids.
export const saveDraft = (d: Draft) => writeStorage(KEYS.draft, { ...d, media: d.media.map(({ id, kind }) => ({ id, kind })) });
export const clearDraft = () => writeStorage(KEYS.draft, null);

export const loadReceipts = (): SavedReceipt[] => readStorage<SavedReceipt[]>(KEYS.receipts) ?? [];
export function saveReceipt(r: SavedReceipt) {
  writeStorage(KEYS.receipts, [r, ...loadReceipts().filter((x) => x.code !== r.code || x.token !== r.token)].slice(0, 50));
}
export const tokenFor = (code: string) => loadReceipts().find((r) => r.code === code)?.token ?? '';

export function deviceId(): string {
  let id = readStorage<string>(KEYS.device);
  if (!id) {
    id = `d${Date.now().toString(36)}${Math.random().toString(36).slice(2, 12)}`;
    writeStorage(KEYS.device, id);
  }
  return id;
}
