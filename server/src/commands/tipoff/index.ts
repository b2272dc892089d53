// Tip-offs (举报黑作坊): a citizen's submission and tracking, staff handling of cases, and rewards (reward.ts).
// Every state change is one conditional update on the case (filter: the expected status); what it owes to
// other documents is recorded in it (db/owed.ts).
export { deadline, keyed } from './common';
export { findByCodeToken, rate, settledTipoff, submitTipoff, RECEIPT_LENGTH, TOKEN_LENGTH } from './submit';
export { accept, close, decline, escalateOverdueTipoffs, extend, loadCase, reporterIdentities } from './handling';
