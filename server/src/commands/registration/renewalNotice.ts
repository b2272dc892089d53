// 登记证延续: the renewal window opens RENEWAL_WINDOW_DAYS before a certificate expires. A daily job tells
// the owner once per certificate and validity (a renewal moves the expiry, which opens a new window).
import { RENEWAL_WINDOW_DAYS } from '@shared/domain/registration';
import { CertificateModel } from '../../models/Certificate';
import { WorkshopModel } from '../../models/Workshop';
import type { Services } from '../../services';
import { shanghaiDate } from '../../services/calendar';
import { notifyUser } from '../../services/notify';

export const RENEWAL_PAGE = 'packages/registration/index/index';

/**
 * Tells the owners of valid certificates whose renewal window is open (expiry within the window, not yet
 * past). Keyed `Certificate:<number>:renewal:<expiry date>`: a second run, or another instance, sends
 * nothing more. Returns the number of notices that this run recorded.
 */
export async function remindRenewals(services: Services, now = new Date()): Promise<number> {
  const horizon = new Date(now.getTime() + RENEWAL_WINDOW_DAYS * 86_400_000);
  const due = await CertificateModel.find({ status: 'valid', expiresAt: { $gt: now, $lte: horizon } }, { workshopId: 1, expiresAt: 1 }).limit(5000).lean();
  if (!due.length) return 0;
  const owners = new Map((await WorkshopModel.find({ _id: { $in: [...new Set(due.map((c) => c.workshopId))] } }, { ownerId: 1, name: 1 }).lean()).map((w) => [String(w._id), w]));
  let sent = 0;
  for (const c of due) {
    const w = owners.get(c.workshopId);
    if (!w?.ownerId) continue;
    const expiry = shanghaiDate(c.expiresAt);
    const sentNow = await notifyUser(services, w.ownerId, {
      title: '登记证可以申请延续了',
      body: `${w.name}的登记证（${String(c._id)}）将于${expiry}到期，请在到期前申请延续`,
      page: RENEWAL_PAGE,
      key: `Certificate:${String(c._id)}:renewal:${expiry}`,
    });
    if (sentNow) sent++;
  }
  return sent;
}
