// Certificates (登记证) as the public checks them: the QR code printed on one points to its verify page.
import { CertificateNumberParams, CertificateView } from '@shared/schemas/registration';
import type { ApiRouter } from '../../http/api';
import { notFound } from '../../errors';
import { CertificateModel } from '../../models/Certificate';
import { WorkshopModel } from '../../models/Workshop';
import { presentCertificate, verifyPath } from '../../presenters/certificate';
import { sendQrPng } from '../../services/qrcode';

const TAGS = ['信用公示（公开数据）'];

export function certificateRoutes(api: ApiRouter) {
  api.route('get', '/certificates/:number/verify', {
    summary: '扫码核验登记证（公开）', tags: TAGS, auth: false, params: CertificateNumberParams, response: CertificateView, errors: [404],
    description: '伪造或不存在的编号返回 404 certificate.not_found。',
  }, async (ctx) => {
    const c = await CertificateModel.findById(ctx.input.params.number.toUpperCase()).lean();
    const w = c ? await WorkshopModel.findById(c.workshopId).lean() : null;
    if (!c || !w) throw notFound('certificate.not_found');
    ctx.set('Cache-Control', 'no-cache');
    ctx.body = presentCertificate(c, w, ctx.services.config.publicBaseUrl);
  });

  api.route('get', '/certificates/:number/qr.png', {
    summary: '登记证二维码（指向核验页）', tags: TAGS, auth: false, params: CertificateNumberParams,
    response: { description: 'PNG 图片', contentType: 'image/png' }, errors: [404],
  }, async (ctx) => {
    const c = await CertificateModel.findById(ctx.input.params.number.toUpperCase()).lean();
    if (!c) throw notFound('certificate.not_found');
    await sendQrPng(ctx, `${ctx.services.config.publicBaseUrl}${verifyPath(c.number)}`);
  });
}
