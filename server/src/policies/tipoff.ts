// Tip-offs (举报): staff of the case's region handle it; only the handler and the region's admins may see a
// named reporter's identity; a reward is decided by an admin of the region other than its proposer.
import { forbidden } from '../errors';
import { adminRole, hasRole, inRegion, staffRole } from './jurisdiction';
import { allow, check } from './policy';

export interface CaseResource { region: string; handlerId?: string | null }
export interface RewardResource { region: string; proposerId: string }

export const tipoffRules = {
  /** See a case, accept, decline, extend, close, propose or retry a reward; link a workshop of the region. */
  'tipoff.handle': allow<{ region?: string | null }>(staffRole, inRegion),
  /** A named reporter's identity (audited): the inspector who accepted the case, or an admin of the region. */
  'tipoff.viewIdentity': allow<CaseResource>(staffRole, inRegion, check(
    (a, c) => !!a && (c.handlerId === a.id || hasRole(a, 'admin')),
    () => forbidden('tipoff.identity_forbidden'),
  )),
  /** Approve or reject a reward: a second person, an admin of the region who did not propose it. */
  'tipoff.decideReward': allow<RewardResource>(adminRole('奖励须由本辖区管理员审批'), inRegion, check(
    (a, r) => !!a && r.proposerId !== a.id,
    () => forbidden('tipoff.reward_second_person'),
  )),
};
