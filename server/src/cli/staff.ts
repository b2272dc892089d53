// `npm run staff -- invite --role admin --region 4502 --name 张三`: creates a staff invite from the
// command line (how the first admin of a deployment is made; after that admins invite in the app).
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { createStaffInvite } from '../commands/createStaffInvite';
import { RegionService } from '../services/regions';
import { withDb } from './withDb';

const USAGE = '用法：npm run staff -- invite --role <admin|inspector|trainer> --region <行政区划代码> --name <姓名>';

async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { role: { type: 'string' }, region: { type: 'string' }, name: { type: 'string' } },
  });
  const { role, region, name } = values;
  if (positionals[0] !== 'invite' || !role || !region || !name || !['admin', 'inspector', 'trainer'].includes(role)) {
    console.error(USAGE);
    process.exit(2);
  }
  if (!new RegionService().exists(region)) {
    console.error(`未知的行政区划代码：${region}`);
    process.exit(2);
  }
  await withDb(loadConfig(), async () => {
    const invite = await createStaffInvite({ role: role as 'admin', region, name, createdBy: null }, null);
    console.log(`邀请码：${invite.code}（${invite.name}，${role}，区域 ${region}，${invite.expiresAt} 前有效）`);
    console.log('请本人用微信登录小程序后，在“我的 → 工作人员邀请”中输入邀请码。');
  });
}

main().catch((e) => { console.error(e instanceof Error ? e.message : e); process.exit(1); });
