// 政务服务"好差评" on registration decisions. Source: 国务院办公厅关于建立政务服务"好差评"制度提高政务服务水平
// 的意见（国办发〔2019〕51号）: five levels; a bad rating (不满意, 非常不满意) is looked into, answered and, where
// right, put right within 15 working days; ratings are reported per office. DOMAIN.md "Rules added in turn 2".

export const SERVICE_RATING_SCORES = [5, 4, 3, 2, 1] as const;
export type ServiceRatingScore = (typeof SERVICE_RATING_SCORES)[number];

export const SERVICE_RATING_LABELS: Record<ServiceRatingScore, string> = {
  5: '非常满意',
  4: '满意',
  3: '基本满意',
  2: '不满意',
  1: '非常不满意',
};

/** 差评: 不满意 or 非常不满意. */
export const isBadRating = (score: number) => score <= 2;

/** Working days the office has to look into a bad rating and answer it (国办发〔2019〕51号). */
export const BAD_RATING_REPLY_WORKING_DAYS = 15;

/** Registration statuses after which the applicant may rate the service (a decision was made). */
export const RATABLE_STATUSES = ['approved', 'rejected'] as const;

/** Share of ratings 基本满意 or better, 0..1 (null without ratings): the 满意率 reported per office. */
export function satisfaction(counts: Partial<Record<ServiceRatingScore, number>>): number | null {
  const total = SERVICE_RATING_SCORES.reduce((n, s) => n + (counts[s] ?? 0), 0);
  if (!total) return null;
  return ((counts[5] ?? 0) + (counts[4] ?? 0) + (counts[3] ?? 0)) / total;
}
