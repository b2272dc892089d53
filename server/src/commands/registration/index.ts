// Registration state changes (登记). Each is one atomic update guarded by the expected status, so a
// double click or two reviewers at once change the application once; the loser gets 409.
export { loadRegistration } from './common';
export { applyForWorkshop, createDraft, deleteDraft, submit, updateDraft, withdraw } from './owner';
export { accept, escalateOverdue, recordSiteCheck, reject, requestCorrection, scheduleSiteCheck } from './review';
export { approve } from './approval';
