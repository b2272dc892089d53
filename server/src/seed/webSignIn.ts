// Demo web sign-in: the demo inspector and admin get an account, a password and a TOTP secret (printed by
// `npm start`, so a person can add it to an authenticator app or compute codes); the demo owner's WeChat
// unionid is that of the WeChat fake's QR scanner, and the owner's phone signs in by SMS code — so the
// owner sees the same workshop on the web as in the mini-program.
import { DEMO_WEB_USER } from '../fakes/wechat';
import { IdentityModel } from '../models/Identity';
import { UserModel } from '../models/User';
import type { Services } from '../services';
import { phoneKey } from '../services/smsCodes';
import { hashPassword } from '../services/staffAuth';
import { maskPhone } from '@shared/domain/mask';
import { demoOpenid } from './demo';

export const DEMO_STAFF_LOGINS = [
  { role: 'inspector' as const, region: '450203', account: 'inspector', password: 'Demo-inspector-2026', totpSecret: 'KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU' },
  { role: 'admin' as const, region: '4502', account: 'admin', password: 'Demo-admin-2026', totpSecret: 'MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U' },
];
export const DEMO_OWNER_PHONE = '13800138000';

const idempotent = (p: Promise<unknown>) => p.catch((e: { code?: number }) => { if (e?.code !== 11000) throw e; });

export async function seedDemoWebSignIn(services: Services): Promise<void> {
  for (const s of DEMO_STAFF_LOGINS) {
    const user = await UserModel.findOne({ openid: demoOpenid(s.role, s.region) });
    if (!user || user.passwordHash) continue;
    await idempotent(IdentityModel.create({ _id: `account:${s.account}`, userId: String(user._id) }));
    await UserModel.updateOne({ _id: user._id }, { $set: {
      account: s.account, passwordHash: await hashPassword(s.password), totpSecretEnc: services.cipher.encrypt(s.totpSecret),
    } });
  }
  const owner = await UserModel.findOne({ openid: demoOpenid('owner', null) });
  if (owner && !owner.unionid) {
    await idempotent(IdentityModel.create({ _id: `unionid:${DEMO_WEB_USER.unionid}`, userId: String(owner._id) }));
    await UserModel.updateOne({ _id: owner._id }, { $set: { unionid: DEMO_WEB_USER.unionid } });
    if (services.config.sms) {
      await idempotent(IdentityModel.create({ _id: `phone:${phoneKey(services, DEMO_OWNER_PHONE)}`, userId: String(owner._id) }));
      await UserModel.updateOne({ _id: owner._id }, { $set: { phoneEnc: services.cipher.encrypt(DEMO_OWNER_PHONE), phoneMasked: maskPhone(DEMO_OWNER_PHONE) } });
    }
  }
}
