// Objections during the public notice are tip-offs: the receipt goes where the tip-off pages look for it
// (the same storage keys as packages/tipoff/lib/storage.ts, which a subpackage cannot import), so 举报查询
// finds it with its one-time token; the device id is the one the tip-off form sends for rate limits.
import { readStorage, writeStorage } from '@/store/storage';

const RECEIPTS = 'xzf.tipoffReceipts';
const DEVICE = 'xzf.deviceId';
interface SavedReceipt { code: string; token: string; at: string; summary: string }

export function saveObjectionReceipt(r: SavedReceipt) {
  const list = readStorage<SavedReceipt[]>(RECEIPTS) ?? [];
  writeStorage(RECEIPTS, [r, ...list.filter((x) => x.code !== r.code || x.token !== r.token)].slice(0, 50));
}

export function deviceId(): string {
  let id = readStorage<string>(DEVICE);
  if (!id) {
    id = `d${Date.now().toString(36)}${Math.random().toString(36).slice(2, 12)}`;
    writeStorage(DEVICE, id);
  }
  return id;
}

export interface ObjectionDraft { description: string; anonymous: boolean; name: string; phone: string; consent: boolean }

/** What is wrong with an objection before it is sent; [] when it can go. */
export function objectionProblems(d: ObjectionDraft, signedIn: boolean): string[] {
  const out: string[] = [];
  if (!d.description.trim()) out.push('请填写异议内容');
  if (!d.anonymous) {
    if (!signedIn) out.push('实名提出异议需要先登录；也可以选择匿名');
    if (!d.name.trim()) out.push('请填写姓名');
    if (!/^1\d{10}$/.test(d.phone.trim())) out.push('请输入11位手机号');
  }
  if (!d.consent) out.push('请阅读并同意举报须知');
  return out;
}
