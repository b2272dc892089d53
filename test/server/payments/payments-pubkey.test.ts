// Payments with WeChat Pay signatures verified by the WeChat Pay public key, PUB_KEY_ID_… (suite: suite.ts).
import { paymentSuite } from './suite';

describe('payments: public_key', () => paymentSuite('public_key'));
