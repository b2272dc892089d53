// Reward payouts with the bills API, WeChat Pay signatures verified by the WeChat Pay public key (PUB_KEY_ID_…) (suite: payoutModes.ts).
import { payoutSuite } from './payoutModes';

describe('payouts: bills × public_key', () => payoutSuite('bills', 'public_key'));
