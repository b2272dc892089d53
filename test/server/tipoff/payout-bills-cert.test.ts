// Reward payouts with the bills API, WeChat Pay signatures verified by platform certificates (suite: payoutModes.ts).
import { payoutSuite } from './payoutModes';

describe('payouts: bills × platform_cert', () => payoutSuite('bills', 'platform_cert'));
