// `npm run seed`: loads the demo province into the configured database. Idempotent.
import { loadConfig } from '../config';
import { seedDemo } from '../seed/demo';
import { DataCipher } from '../services/crypto';
import { RegionService } from '../services/regions';
import { withDb } from './withDb';

const config = loadConfig();
withDb(config, async () => {
  const r = await seedDemo(new RegionService(), { cipher: new DataCipher(config.dataKey) });
  console.log(r.created ? `已写入演示数据：${r.workshops} 家作坊，${r.users} 个演示账号。` : `数据库已有 ${r.workshops} 家作坊，未重复写入；演示账号已确认。`);
}).catch((e) => { console.error(e instanceof Error ? e.message : e); process.exit(1); });
