// Everything a list of registration views needs, read once for the whole list: the inspectors' names (one
// query), the negative lists and same-place checks of open applications, the calendar's working days.
import { isEditable } from '@shared/domain/registration';
import type { RegistrationView } from '@shared/schemas/registration';
import { registrationChecks } from '../../commands/registration/checks';
import type { Lean } from '../../models/lean';
import type { Registration } from '../../models/Registration';
import { presentRegistration } from '../../presenters/registration';
import type { Services } from '../../services';
import { shanghaiDate } from '../../services/calendar';
import { userNames } from '../../services/users';

const NO_CHECKS = { negativeList: [], duplicates: [] };

export async function registrationViews(services: Pick<Services, 'regions' | 'calendar'>, regs: readonly Lean<Registration>[], now = new Date()): Promise<RegistrationView[]> {
  const [names, checks] = await Promise.all([
    userNames(regs.flatMap((r) => r.siteCheck?.inspectorIds ?? [])),
    registrationChecks(services.regions, regs.filter((r) => isEditable(r.status))),
  ]);
  const today = shanghaiDate(now);
  const left = new Map<Lean<Registration>, number>();
  for (const r of regs) {
    const due = r.deadline?.due;
    // In memory once the calendar's year table is loaded (services/calendar.ts).
    if (due && r.status !== 'correction' && due >= today) left.set(r, (await services.calendar.workingDaysBetween(now, due)).days);
  }
  return regs.map((r) => presentRegistration(r, { names, checks: checks.get(r) ?? NO_CHECKS, workingDaysLeft: left.get(r) ?? null }, services.regions, now));
}

export const registrationView = async (services: Pick<Services, 'regions' | 'calendar'>, reg: Lean<Registration>) => ({ data: (await registrationViews(services, [reg]))[0] });
