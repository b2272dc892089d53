// Reward payouts with the batches API, WeChat Pay signatures verified by the WeChat Pay public key (PUB_KEY_ID_…) (suite: payoutModes.ts).
import { payoutSuite } from './payoutModes';

describe('payouts: batches × public_key', () => payoutSuite('batches', 'public_key'));
