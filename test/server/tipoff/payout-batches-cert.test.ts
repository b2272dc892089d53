// Reward payouts with the batches API, WeChat Pay signatures verified by platform certificates (suite: payoutModes.ts).
import { payoutSuite } from './payoutModes';

describe('payouts: batches × platform_cert', () => payoutSuite('batches', 'platform_cert'));
