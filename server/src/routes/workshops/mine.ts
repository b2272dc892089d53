// An owner's own workshops, each with its certificate (the "我的作坊" page: renewal, change, cancellation).
import { z } from 'zod';
import { CertificateView } from '@shared/schemas/registration';
import { WorkshopDetail } from '@shared/schemas/workshops';
import type { ApiRouter } from '../../http/api';
import { CertificateModel } from '../../models/Certificate';
import { WorkshopModel } from '../../models/Workshop';
import { presentCertificate } from '../../presenters/certificate';
import { presentWorkshopDetail } from '../../presenters/workshop';

const MineWorkshops = z
  .object({ data: z.array(z.object({ workshop: WorkshopDetail, certificate: CertificateView.nullable() })) })
  .meta({ id: 'MyWorkshops' });

export function myWorkshopRoutes(api: ApiRouter) {
  api.route('get', '/workshops/mine', {
    summary: '我的作坊与登记证', tags: ['登记申请'], auth: true, response: MineWorkshops,
  }, async (ctx) => {
    const list = await WorkshopModel.find({ ownerId: String(ctx.state.user!._id) }).sort({ createdAt: -1 }).lean();
    const numbers = list.map((w) => w.certificate?.number).filter((n): n is string => !!n);
    const certs = new Map((await CertificateModel.find({ _id: { $in: numbers } }).lean()).map((c) => [c.number, c]));
    ctx.set('Cache-Control', 'no-store');
    ctx.body = {
      data: list.map((w) => {
        const c = w.certificate?.number ? certs.get(w.certificate.number) : undefined;
        return { workshop: presentWorkshopDetail(w, (code) => ctx.services.regions.name(code)), certificate: c ? presentCertificate(c, w, ctx.services.config.publicBaseUrl) : null };
      }),
    };
  });
}
