// Payments with WeChat Pay signatures verified by a platform certificate (suite: suite.ts).
import { paymentSuite } from './suite';

describe('payments: platform_cert', () => paymentSuite('platform_cert'));
