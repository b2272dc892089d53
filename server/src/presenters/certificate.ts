import { CERTIFICATE_STATUS_LABELS } from '@shared/domain/risk';
import { RENEWAL_WINDOW_DAYS } from '@shared/domain/registration';
import { categoryName } from '@shared/domain/categories';
import type { CertificateView } from '@shared/schemas/registration';
import type { Certificate } from '../models/Certificate';
import type { Workshop } from '../models/Workshop';

export const verifyPath = (number: string) => `/packages/credit/verify/index?no=${encodeURIComponent(number)}`;

/** valid / expired / revoked / cancelled as a person scanning the QR today should read it. */
function liveStatus(c: Pick<Certificate, 'status' | 'expiresAt'>, now = new Date()): CertificateView['status'] {
  if (c.status === 'revoked') return 'revoked';
  if (c.status === 'cancelled') return 'cancelled';
  return c.expiresAt < now ? 'expired' : 'valid';
}

export function presentCertificate(c: Certificate, w: Workshop & { _id: unknown }, publicBaseUrl: string, now = new Date()): CertificateView {
  const status = liveStatus(c, now);
  const opens = new Date(c.expiresAt.getTime() - RENEWAL_WINDOW_DAYS * 86400_000);
  return {
    number: c.number,
    status,
    statusLabel: CERTIFICATE_STATUS_LABELS[status],
    workshop: { id: String(w._id), name: w.name, address: w.address, regionName: w.regionName },
    ownerName: w.ownerNameMasked ?? null,
    scope: c.scope,
    categories: c.categories.map(categoryName),
    issuedAt: c.issuedAt.toISOString(),
    expiresAt: c.expiresAt.toISOString(),
    issuer: c.issuer,
    verifyUrl: `${publicBaseUrl}${verifyPath(c.number)}`,
    renewalOpen: status !== 'revoked' && status !== 'cancelled' && now >= opens && w.status === 'registered',
  };
}
