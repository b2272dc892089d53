// The filings about a workshop: its registrations (approvals, renewals, cancellations, applications under
// review, a rejection now and then) and the tip-off cases with their reports, as the commands store them.
import { CATEGORIES, CHECKLIST_ITEMS, type CategoryCode } from '@shared/domain/categories';
import { maskIdNumber, maskPhone } from '@shared/domain/mask';
import { ACCEPT_WORKING_DAYS, APPEAL_NOTICE_DEFAULT, SITE_CHECK_WORKING_DAYS } from '@shared/domain/registration';
import { TIPOFF_ACCEPT_WORKING_DAYS, TIPOFF_CLOSE_WORKING_DAYS, TIPOFF_RESULT_LABELS, type TipoffResult } from '@shared/domain/tipoff';
import { shanghaiDate } from '../../services/calendar';
import type { CreditEventFields } from '../../services/publicFile';
import { Records } from './records';
import {
  DAY_MS, DECLINE_REASONS, GIVEN, PRODUCTS, STREETS, SURNAMES, TIPOFF_TEXTS, UNLICENSED_TEXTS, sha256hex,
  type Batch, type Doc, type Entry, type Township,
} from './vocabulary';

export abstract class Filings extends Records {
  protected async registration(b: Batch, p: {
    kind: 'new' | 'renewal' | 'cancellation'; t: Township; workshopId: string; name: string; address: string; location: { lat: number; lng: number };
    category: string; products: string[]; applicant: { name: string; phone: string; idNumber: string }; decidedAt: Date; number: string;
    expiresAt: Date | null; inspectors: [string, string];
  }): Promise<string> {
    const r = this.r;
    const by = this.office(p.t.code);
    const submittedAt = this.workTime(new Date(p.decidedAt.getTime() - (p.kind === 'new' ? 6 + r.int(5) : 3 + r.int(3)) * DAY_MS));
    const acceptedAt = this.workTime(new Date(submittedAt.getTime() + (1 + r.int(2)) * DAY_MS));
    const _id = r.oid(submittedAt);
    const timeline: Entry[] = [{ at: submittedAt, status: 'submitted', title: '提交申请', note: null, by: '申请人' }, { at: acceptedAt, status: 'accepted', title: '受理', note: null, by }];
    let siteCheck: Record<string, unknown> = { date: null, inspectorIds: [], result: null };
    if (p.kind === 'new') {
      const checkAt = this.workTime(new Date(acceptedAt.getTime() + DAY_MS));
      siteCheck = {
        date: shanghaiDate(checkAt), inspectorIds: p.inspectors,
        result: { items: CHECKLIST_ITEMS.map((c) => ({ code: c.code, result: 'pass' })), passed: true, note: '场所布局合理，设施齐全', by: p.inspectors[0], at: checkAt },
      };
      timeline.push({ at: acceptedAt, status: 'site_check', title: '安排现场核查', note: shanghaiDate(checkAt), by }, { at: checkAt, status: 'site_check', title: '现场核查通过', note: null, by });
    }
    const title = p.kind === 'new' ? '准予登记，发放登记证' : '审批通过';
    timeline.push({ at: p.decidedAt, status: 'approved', title, note: null, by });
    b.registrations.push({
      _id, kind: p.kind, status: 'approved', applicantId: `seed:owner:${p.workshopId}`, workshopId: p.workshopId, region: p.t.code,
      applicant: this.applicantFields(p.applicant),
      workshop: { name: p.name, region: p.t.code, address: p.address, location: p.location, categories: [p.category] },
      products: p.products,
      premises: { photos: [], floorPlan: null, area: 30 + r.int(90), water: r.pick(['市政自来水', '自备井水（检测合格）']) },
      equipment: [{ name: '操作台', quantity: 1 + r.int(3) }, { name: '冷藏柜', quantity: 1 }],
      staff: [{ name: p.applicant.name, healthCertNo: `JK${shanghaiDate(submittedAt).slice(0, 4)}${r.hex(6).toUpperCase()}`, healthCertExpiry: shanghaiDate(new Date(submittedAt.getTime() + 300 * DAY_MS)) }],
      commitment: { signed: true, signatureName: p.applicant.name, signedAt: submittedAt },
      licence: { businessName: `${p.name.replace(/(作坊|坊|店)$/, '')}店`, operatorName: p.applicant.name, form: 'individual', scope: `食品小作坊生产（${p.products.join('、')}）` },
      change: null, reason: p.kind === 'cancellation' ? '经营者不再从事食品生产' : null, corrections: [], correctionFrom: null,
      deadline: { step: null, due: null, dueAt: null, estimated: false, pausedRemaining: null },
      siteCheck,
      decision: { result: 'approved', reason: null, appealNotice: null, at: p.decidedAt, by: p.inspectors[0], expiresAt: p.expiresAt },
      certificateNumber: p.number, timeline, escalated: false, submittedAt,
      createdAt: submittedAt, updatedAt: p.decidedAt,
    });
    return String(_id);
  }

  protected applicantFields(a: { name: string; phone: string; idNumber: string }) {
    return { name: a.name, phoneEnc: null, phoneMasked: maskPhone(a.phone), idNumberEnc: null, idNumberMasked: maskIdNumber(a.idNumber) };
  }

  /** An application under review: a renewal or a change of a workshop, waiting for acceptance or approval. */
  protected async openApplication(b: Batch, p: {
    t: Township; workshopId: string; name: string; address: string; location: { lat: number; lng: number }; category: string; products: string[];
    applicant: { name: string; phone: string; idNumber: string }; number: string; inspectors: [string, string];
  }) {
    const r = this.r;
    const kind = r.next() < 0.6 ? 'renewal' : 'change';
    const status = r.next() < 0.5 ? 'submitted' : 'accepted';
    const by = this.office(p.t.code);
    const submittedAt = this.workTime(this.ago(1 + r.int(6)));
    const _id = r.oid(submittedAt);
    const timeline: Entry[] = [{ at: submittedAt, status: 'submitted', title: '提交申请', note: null, by: '申请人' }];
    let deadline = { step: 'accept', ...(await this.working(submittedAt, ACCEPT_WORKING_DAYS)), pausedRemaining: null };
    if (status === 'accepted') {
      const acceptedAt = this.workTime(new Date(submittedAt.getTime() + DAY_MS));
      timeline.push({ at: acceptedAt, status: 'accepted', title: '受理', note: null, by });
      deadline = { step: 'decision', ...(await this.working(acceptedAt, 5)), pausedRemaining: null };
    }
    const product = r.pick(PRODUCTS[p.category as CategoryCode] ?? ['米粉']);
    b.registrations.push({
      _id, kind, status, applicantId: `seed:owner:${p.workshopId}`, workshopId: p.workshopId, region: p.t.code,
      applicant: this.applicantFields(p.applicant),
      workshop: { name: p.name, region: p.t.code, address: p.address, location: p.location, categories: [p.category] },
      products: p.products, premises: { photos: [], floorPlan: null, area: null, water: null }, equipment: [], staff: [],
      commitment: { signed: true, signatureName: p.applicant.name, signedAt: submittedAt },
      licence: { businessName: null, operatorName: null, form: null, scope: null },
      change: kind === 'change' ? { products: [...new Set([...p.products, product])] } : null,
      reason: kind === 'change' ? '新增生产品种' : '登记证即将到期，申请延续', corrections: [], correctionFrom: null,
      deadline, siteCheck: { date: null, inspectorIds: [], result: null }, decision: null, certificateNumber: p.number,
      timeline, escalated: false, submittedAt, createdAt: submittedAt, updatedAt: submittedAt,
    });
  }

  /** A new workshop's application under review (not a workshop yet): the review queues at scale. */
  async newApplication(b: Batch): Promise<void> {
    const r = this.r;
    const t = this.towns[r.int(this.towns.length)];
    const category = CATEGORIES[r.int(CATEGORIES.length)].code;
    const product = r.pick(PRODUCTS[category]);
    const surname = r.pick(SURNAMES);
    const applicant = { name: surname + r.pick(GIVEN), phone: this.phone(), idNumber: this.idNumber(t.county) };
    const name = this.workshopName(t, surname, applicant.name, product);
    const by = this.office(t.code);
    const roll = r.next();
    const status = roll < 0.35 ? 'submitted' : roll < 0.5 ? 'correction' : roll < 0.75 ? 'accepted' : 'site_check';
    const submittedAt = this.workTime(this.ago(1 + r.int(8)));
    const acceptedAt = this.workTime(new Date(submittedAt.getTime() + DAY_MS));
    const timeline: Entry[] = [{ at: submittedAt, status: 'submitted', title: '提交申请', note: null, by: '申请人' }];
    let deadline: Record<string, unknown> = { step: 'accept', ...(await this.working(submittedAt, ACCEPT_WORKING_DAYS)), pausedRemaining: null };
    let corrections: { field: string; reason: string }[] = [];
    const siteCheck: Record<string, unknown> = { date: null, inspectorIds: [], result: null };
    if (status === 'correction') {
      corrections = [{ field: 'premises', reason: '场所照片不清晰，请补拍生产车间全景和原料库房' }];
      timeline.push({ at: acceptedAt, status: 'correction', title: '需补正', note: '场所照片及平面图：照片不清晰', by });
      deadline = { ...deadline, pausedRemaining: 3 };
    } else if (status === 'accepted' || status === 'site_check') {
      timeline.push({ at: acceptedAt, status: 'accepted', title: '受理', note: null, by });
      const d = await this.working(acceptedAt, SITE_CHECK_WORKING_DAYS);
      deadline = { step: 'site_check', ...d, pausedRemaining: null };
      if (status === 'site_check') {
        siteCheck.date = d.due;
        siteCheck.inspectorIds = this.inspectors.get(t.county)!;
        timeline.push({ at: acceptedAt, status: 'site_check', title: '安排现场核查', note: d.due, by });
      }
    }
    const _id = r.oid(submittedAt);
    b.registrations.push({
      _id, kind: 'new', status, applicantId: `seed:applicant:${String(_id)}`, workshopId: null, region: t.code,
      applicant: this.applicantFields(applicant),
      workshop: { name, region: t.code, address: `${t.fullName}${r.pick(STREETS)}${1 + r.int(300)}号`, location: { lat: t.lat, lng: t.lng }, categories: [category] },
      products: [product], premises: { photos: [], floorPlan: null, area: 30 + r.int(60), water: '市政自来水' },
      equipment: [{ name: '操作台', quantity: 2 }], staff: [{ name: applicant.name, healthCertNo: `JK${r.hex(8).toUpperCase()}`, healthCertExpiry: shanghaiDate(new Date(this.asOf.getTime() + 200 * DAY_MS)) }],
      commitment: { signed: true, signatureName: applicant.name, signedAt: submittedAt },
      licence: { businessName: `${name.replace(/(作坊|坊|店)$/, '')}店`, operatorName: applicant.name, form: 'individual', scope: `食品小作坊生产（${product}）` },
      change: null, reason: null, corrections, correctionFrom: status === 'correction' ? 'submitted' : null,
      deadline, siteCheck, decision: null, certificateNumber: null, timeline, escalated: false, submittedAt,
      createdAt: submittedAt, updatedAt: submittedAt,
    });
    // a rejected one now and then, with its reason and appeal notice
    if (r.next() < 0.15) {
      const at = this.workTime(this.ago(20 + r.int(300)));
      b.registrations.push({
        _id: r.oid(at), kind: 'new', status: 'rejected', applicantId: `seed:applicant:${r.hex(24)}`, workshopId: null, region: t.code,
        applicant: this.applicantFields({ name: this.person(), phone: this.phone(), idNumber: this.idNumber(t.county) }),
        workshop: { name: `${t.short}${this.person().slice(0, 1)}记${product}作坊`, region: t.code, address: `${t.fullName}${r.pick(STREETS)}${1 + r.int(300)}号`, location: { lat: t.lat, lng: t.lng }, categories: [category] },
        products: [product], premises: { photos: [], floorPlan: null, area: 20, water: '市政自来水' }, equipment: [], staff: [],
        commitment: { signed: true, signatureName: null, signedAt: at }, licence: { businessName: null, operatorName: null, form: null, scope: null },
        change: null, reason: null, corrections: [], correctionFrom: null, deadline: { step: null, due: null, dueAt: null, estimated: false, pausedRemaining: null },
        siteCheck: { date: null, inspectorIds: [], result: null },
        decision: { result: 'rejected', reason: '生产场所与生活区未有效分隔，不符合食品小作坊生产场所卫生要求', appealNotice: APPEAL_NOTICE_DEFAULT, at, by },
        certificateNumber: null, timeline: [{ at, status: 'rejected', title: '不予登记', note: null, by }], escalated: false, submittedAt: at, createdAt: at, updatedAt: at,
      });
    }
  }

  protected async tipoffCase(b: Batch, p: {
    t: Township; workshopId: string | null; workshopName: string | null; kind: 'unlicensed' | 'violation'; product: string; category: CategoryCode;
    location: { lat: number; lng: number }; address: string | null; office: string; inspectors: [string, string];
    events: (CreditEventFields & { ref: string })[]; verified: { at: Date }[];
    outcome?: TipoffResult; black?: boolean; open?: boolean; after?: Date; before?: Date;
  }) {
    const r = this.r;
    const openKey = p.workshopId ? `w:${p.workshopId}` : `g:${p.t.county}:${Math.floor(p.location.lat * 1000)}:${Math.floor(p.location.lng * 1000)}`;
    // One open case per group (unique key): a second recent report about the same place is an old, closed one.
    const recent = (p.open || r.next() < 0.06) && !p.black && !this.openKeys.has(openKey);
    const from = p.after ?? this.ago(1500);
    const to = new Date(Math.max(from.getTime(), (p.before ?? this.asOf).getTime() - 30 * DAY_MS));
    const submittedAt = this.workTime(recent ? this.ago(r.int(12)) : this.between(from, to));
    const isOpen = recent;
    const age = (this.asOf.getTime() - submittedAt.getTime()) / DAY_MS;
    const status: 'submitted' | 'accepted' | 'declined' | 'closed' = isOpen ? (age > 4 && r.next() < 0.6 ? 'accepted' : 'submitted') : p.black ? 'closed' : r.next() < 0.12 ? 'declined' : 'closed';
    const result: TipoffResult | null = status !== 'closed' ? null : p.outcome ?? r.pick(['confirmed', 'confirmed', 'partly', 'unfounded', 'unfounded'] as const);
    const caseId = r.oid(submittedAt);
    const id = String(caseId);
    if (isOpen) this.openKeys.add(openKey);
    const accept = await this.working(submittedAt, TIPOFF_ACCEPT_WORKING_DAYS);
    const acceptedAt = status === 'accepted' || status === 'closed' ? this.workTime(new Date(submittedAt.getTime() + (1 + r.int(4)) * DAY_MS)) : null;
    const close = acceptedAt ? await this.working(acceptedAt, TIPOFF_CLOSE_WORKING_DAYS) : null;
    const closedAt = status === 'closed' ? this.workTime(new Date(acceptedAt!.getTime() + (3 + r.int(15)) * DAY_MS)) : null;
    const declinedAt = status === 'declined' ? this.workTime(new Date(submittedAt.getTime() + (1 + r.int(5)) * DAY_MS)) : null;
    const declineReason = declinedAt ? r.pick(DECLINE_REASONS) : null;
    const by = p.office;
    const reports = 1 + (r.next() < 0.2 ? 1 + r.int(2) : 0);
    const tipoffs: Doc[] = [];
    for (let k = 0; k < reports; k++) {
      const at = new Date(submittedAt.getTime() + k * (2 + r.int(30)) * 3600_000);
      const content = r.hex(43);
      const sender = r.hex(43);
      tipoffs.push({
        _id: r.oid(at), caseId: id, groupKey: openKey, reporterEnc: null, receiptCode: this.receipt(), tokenHashes: [sha256hex(r.hex(24))],
        kind: p.kind, workshopId: p.kind === 'violation' ? p.workshopId : null, region: p.t.code, county: p.t.county, address: p.address, location: p.location,
        description: p.kind === 'unlicensed' ? r.pick(UNLICENSED_TEXTS).replace('{p}', p.product) : `${p.workshopName ?? ''}：${r.pick(TIPOFF_TEXTS)}`,
        media: [], anonymous: true, mineKey: null, contentKey: content, senderKey: sender, dedupeKey: `${content}:${sender}:${Math.floor(at.getTime() / 600_000)}`,
        consentAt: at, rating: closedAt && r.next() < 0.3 ? { score: 3 + r.int(3), comment: null, at: new Date(closedAt.getTime() + DAY_MS) } : null,
        createdAt: at, updatedAt: at,
      });
    }
    const timeline: Entry[] = [{ at: submittedAt, title: '收到举报', note: null, by: '系统' }];
    for (const t of tipoffs.slice(1)) timeline.push({ at: t.createdAt, title: '合并新的举报', note: `共${tipoffs.indexOf(t) + 1}件举报`, by: '系统' });
    if (acceptedAt) timeline.push({ at: acceptedAt, title: '受理', note: `将于${close!.due}前核查办结`, by });
    if (declinedAt) timeline.push({ at: declinedAt, title: '不予受理', note: declineReason, by });
    const label = result ? TIPOFF_RESULT_LABELS[result] : null;
    const publicReason = result === 'unfounded' ? '现场核查未发现所反映的问题' : p.black ? '经现场核查，该处无证生产食品，已依法查处并取缔' : '经现场核查，举报问题属实，已依法查处';
    if (closedAt) timeline.push({ at: closedAt, title: `办结：${label}`, note: publicReason, by });
    const dueAt = status === 'submitted' ? accept.dueAt : status === 'accepted' ? close!.dueAt : null;
    b.cases.push({
      _id: caseId, kind: p.kind, status, region: p.t.code, county: p.t.county, address: p.address, location: p.location,
      workshopId: p.workshopId, reportCount: reports, reportIds: tipoffs.map((t) => String(t._id)),
      groupKey: status === 'submitted' || status === 'accepted' ? openKey : `closed:${id}`,
      blackWorkshop: p.black ? { name: p.workshopName, address: p.address ?? `${p.t.fullName}`, categories: [p.category], region: p.t.code } : null,
      acceptDeadline: accept, closeDeadline: close, dueAt, extended: false, extensionReason: null,
      escalated: { accept: status === 'submitted' && accept.dueAt < this.asOf, close: false },
      handlerId: acceptedAt || declinedAt ? p.inspectors[0] : null, acceptedAt, decidedAt: acceptedAt ?? declinedAt, declineReason,
      outcome: closedAt ? { result, publicReason, note: null, closedAt, by: p.inspectors[0] } : null,
      timeline, createdAt: submittedAt, updatedAt: closedAt ?? declinedAt ?? acceptedAt ?? submittedAt,
    });
    b.tipoffs.push(...tipoffs);
    this.lastClosedAt = closedAt;
    if (closedAt && result !== 'unfounded' && p.workshopId) {
      this.credit(b, `TipoffCase:${id}`, { workshopId: p.workshopId, type: 'tipoff', at: closedAt, title: p.black ? '举报查实：无证生产' : '举报查实', detail: publicReason, result: label, source: by }, p.events);
      if (result === 'confirmed') p.verified.push({ at: closedAt });
    }
  }
}
