// What an owner sends for staff to decide (an inspection's rectification, a penalty's credit repair) shares
// its review trail: the photos sent, who decided, when and why, and a version that each submission and
// each review bumps, so the next change names it in its filter (one conditional update per change).
export const reviewedRequestFields = {
  photos: { type: [String], default: [] },
  reviewedAt: { type: Date, default: null },
  reviewedBy: { type: String, default: null },
  reviewNote: { type: String, default: null },
  version: { type: Number, default: 0 },
};
