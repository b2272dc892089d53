// One workshop and everything a few years of supervision leave about it (seed/scale): the registration
// history, inspections, samples, penalties, tip-offs, its credit events, public file and risk grade.
import { CATEGORIES } from '@shared/domain/categories';
import { maskName } from '@shared/domain/mask';
import { CERTIFICATE_YEARS, certificateEnd } from '@shared/domain/registration';
import { KEY_AREAS } from '@shared/domain/supervision';
import { inspectionCreditFields, type InspectionFacts } from '../../commands/supervision/inspections';
import { sampleCreditFields } from '../../commands/supervision/sampling';
import { nameKeys } from '../../services/pinyin';
import { latestInspectionOf, publicFileOf, type CreditEventFields } from '../../services/publicFile';
import { scoreRisk } from '../../services/risk';
import { Filings } from './filings';
import { DAY_MS, GIVEN, PRODUCTS, SAMPLE_SIZE, STREETS, SURNAMES, VILLAGES, YEAR_MS, type Batch, type Doc, type ScaleSample } from './vocabulary';

export class Generator extends Filings {

  counties(): string[] { return [...new Set(this.towns.map((t) => t.county))]; }

  /** Two inspectors per county (the ≥ 2 of a site check), with real-looking names. */
  staff(): Doc[] {
    const users: Doc[] = [];
    const at = new Date(this.asOf.getTime() - 9 * YEAR_MS);
    for (const county of this.counties()) {
      const ids: string[] = [];
      for (const k of [1, 2]) {
        const _id = this.r.oid(at);
        ids.push(String(_id));
        users.push({ _id, openid: `dev:inspector:${county}:执法员${k}`, name: this.r.pick(SURNAMES) + this.r.pick(GIVEN), roles: ['citizen', 'inspector'], region: county, createdAt: at, updatedAt: at });
      }
      this.inspectors.set(county, ids as [string, string]);
    }
    return users;
  }

  finish(): ScaleSample {
    this.sample.counties = [...this.countyCounts].sort((a, b) => b[1] - a[1]).map(([c]) => c);
    this.sample.words = [...new Set(this.sample.words)];
    return this.sample;
  }

  counters(): Doc[] {
    return [...this.certSeq].map(([key, value]) => ({ _id: key, value }));
  }

  // ---- one workshop and everything about it

  async workshop(index: number, b: Batch): Promise<void> {
    const r = this.r;
    const t = this.towns[r.int(this.towns.length)];
    const inspectors = this.inspectors.get(t.county)!;
    const roll = r.next();
    const status: 'registered' | 'unlicensed' | 'cancelled' = roll < 0.02 ? 'unlicensed' : roll < 0.04 ? 'cancelled' : 'registered';
    // Key categories (酒类、肉类、米面制品、豆制品、糕点) are the common trades.
    const category = CATEGORIES[r.next() < 0.7 ? r.int(5) : 5 + r.int(CATEGORIES.length - 5)].code;
    const products = [r.pick(PRODUCTS[category])];
    if (r.next() < 0.35) { const p2 = r.pick(PRODUCTS[category]); if (p2 !== products[0]) products.push(p2); }
    const surname = r.pick(SURNAMES);
    const owner = surname + r.pick(GIVEN);
    const name = status === 'unlicensed' ? this.uniqueBlackName(t, products[0]) : this.workshopName(t, surname, owner, products[0]);
    const keys = nameKeys(name);
    const address = t.street
      ? `${t.fullName}${r.pick(STREETS)}${1 + r.int(300)}号`
      : `${t.fullName}${r.pick(VILLAGES)}${t.short.slice(0, 1)}村${1 + r.int(12)}组${1 + r.int(80)}号`;
    const location = { lat: +(t.lat + (r.next() - 0.5) * 0.04).toFixed(6), lng: +(t.lng + (r.next() - 0.5) * 0.04).toFixed(6) };
    const start = this.workTime(this.ago(55 + r.int(Math.round(8 * 365))));
    const _id = r.oid(start);
    const id = String(_id);
    const office = this.office(t.code);
    const events: (CreditEventFields & { ref: string })[] = [];
    const end = status === 'cancelled' ? this.workTime(this.between(new Date(start.getTime() + 200 * DAY_MS), this.ago(10))) : this.asOf;

    // Registration: the first approval, renewals every three years, a cancellation.
    let certificate: Record<string, unknown> = { number: null, status: null, issuedAt: null, expiresAt: null };
    const applicant = { name: owner, phone: this.phone(), idNumber: this.idNumber(t.county) };
    if (status !== 'unlicensed') {
      const number = this.certificateNumber(t.county, start.getUTCFullYear()); // the year as the approval command takes it
      let expiresAt = certificateEnd(start);
      const first = await this.registration(b, { kind: 'new', t, workshopId: id, name, address, location, category, products, applicant, decidedAt: start, number, expiresAt, inspectors });
      this.credit(b, `Registration:${first}`, { workshopId: id, type: 'registration', at: start, title: '准予登记', detail: `登记证编号 ${number}，有效期${CERTIFICATE_YEARS}年`, result: '准予登记', source: office }, events);
      let lapsed = false;
      // Renewal ~20 days before expiry, while it falls before the end; 3% let it lapse.
      while (expiresAt.getTime() - 20 * DAY_MS < end.getTime()) {
        if (r.next() < 0.03) { lapsed = true; break; }
        let decidedAt = this.workTime(new Date(expiresAt.getTime() - (10 + r.int(25)) * DAY_MS));
        if (decidedAt >= end) decidedAt = this.workTime(new Date(end.getTime() - (1 + r.int(3)) * DAY_MS));
        const next = certificateEnd(new Date(expiresAt.getTime() + 1));
        const reg = await this.registration(b, { kind: 'renewal', t, workshopId: id, name, address, location, category, products, applicant, decidedAt, number, expiresAt: next, inspectors });
        this.credit(b, `Registration:${reg}`, { workshopId: id, type: 'certificate', at: decidedAt, title: '登记证延续', detail: `有效期至 ${next.toISOString().slice(0, 10)}`, source: office }, events);
        expiresAt = next;
      }
      let certStatus = 'valid';
      if (status === 'cancelled') {
        const reg = await this.registration(b, { kind: 'cancellation', t, workshopId: id, name, address, location, category, products, applicant, decidedAt: end, number, expiresAt: null, inspectors });
        this.credit(b, `Registration:${reg}`, { workshopId: id, type: 'certificate', at: end, title: '注销登记', detail: null, source: office }, events);
        certStatus = 'cancelled';
      } else if (r.next() < 0.03) {
        // An application under review for this workshop (renewal or change).
        await this.openApplication(b, { t, workshopId: id, name, address, location, category, products, applicant, number, inspectors });
      }
      b.certificates.push({
        _id: number, number, registrationId: first, workshopId: id, scope: products, categories: [category], issuedAt: start, expiresAt,
        status: certStatus, issuer: office, createdAt: start, updatedAt: start,
      });
      certificate = { number, status: certStatus === 'cancelled' ? 'cancelled' : lapsed || expiresAt < this.asOf ? 'expired' : 'valid', issuedAt: start, expiresAt };
      if (status === 'registered' && index % this.stride === 0 && this.sample.workshopIds.length < SAMPLE_SIZE) {
        this.sample.workshopIds.push(id);
        this.sample.certificateNumbers.push(number);
        if (this.sampleSeq++ % 8 === 0) this.sample.words.push(products[0], t.short);
      }
    }

    // Daily inspections: ~2–3 a year (key categories more), each with its public record.
    const inspections: { at: Date; result: 'none' | 'rectify' | 'case'; failedItems: number }[] = [];
    const penalties: { at: Date }[] = [];
    let latest: (Doc & InspectionFacts) | null = null;
    if (status !== 'unlicensed') {
      const years = (end.getTime() - start.getTime()) / YEAR_MS;
      const rate = (category === 'meat' || category === 'edible_oil' ? 3.2 : CATEGORIES.find((c) => c.code === category)!.key ? 2.6 : 1.8) * (0.6 + r.next() * 0.8);
      const n = Math.min(30, Math.max(1, Math.round(years * rate)));
      const dates = Array.from({ length: n }, () => this.workTime(this.between(new Date(start.getTime() + 20 * DAY_MS), new Date(end.getTime() - DAY_MS)))).sort((a, c) => a.getTime() - c.getTime());
      for (const at of dates) {
        const doc = this.inspection(t, id, at, inspectors, office);
        b.inspections.push(doc);
        const fields = inspectionCreditFields(doc);
        this.credit(b, `Inspection:${String(doc._id)}`, fields as CreditEventFields, events);
        const failed = (doc.items as { result: string }[]).filter((x) => x.result === 'fail').length;
        inspections.push({ at, result: doc.result as 'none' | 'rectify' | 'case', failedItems: failed });
        latest = doc;
        if (doc.result === 'case') {
          const decidedAt = new Date(at.getTime() + (15 + r.int(20)) * DAY_MS);
          if (decidedAt < this.asOf) {
            const p = this.penalty(t, id, decidedAt, doc, office, inspectors[0]);
            b.penalties.push(p);
            penalties.push({ at: decidedAt });
            const repaired = (p.repair as { status: string; reviewedAt?: Date }).status === 'approved';
            this.credit(b, `Penalty:${String(p._id)}`, {
              workshopId: id, type: 'penalty', at: decidedAt, title: '行政处罚',
              detail: `决定书文号：${p.decisionNumber}；违法事实：${p.facts}；处罚依据：${p.basis}`, result: p.outcome as string, source: office,
              publicUntil: repaired ? (p.repair as { reviewedAt: Date }).reviewedAt : p.publicUntil as Date,
            }, events);
          }
        }
      }
    }

    // Sampling: 0–3 samples, about one on average; ~8% fail.
    const samples: { at: Date; result: 'pass' | 'fail' }[] = [];
    if (status !== 'unlicensed') {
      const roll2 = r.next();
      const n = roll2 < 0.35 ? 0 : roll2 < 0.75 ? 1 : roll2 < 0.95 ? 2 : 3;
      for (let k = 0; k < n; k++) {
        const at = this.workTime(this.between(new Date(start.getTime() + 30 * DAY_MS), new Date(end.getTime() - 2 * DAY_MS)));
        if (at <= start) continue;
        const s = await this.sampleDoc(t, id, at, category, products, office, inspectors[0]);
        b.samples.push(s);
        samples.push({ at, result: s.result as 'pass' | 'fail' });
        this.credit(b, `Sample:${String(s._id)}`, sampleCreditFields(s) as CreditEventFields, events);
      }
    }

    // Tip-offs: a confirmed report made each black workshop; some reports about registered ones.
    const verified: { at: Date }[] = [];
    if (status === 'unlicensed') {
      await this.tipoffCase(b, { t, workshopId: id, workshopName: name, kind: 'unlicensed', product: products[0], location, address, office, inspectors, outcome: 'confirmed', black: true, events, verified, category });
    } else {
      const roll3 = r.next();
      const n = roll3 < 0.76 ? 0 : roll3 < 0.96 ? 1 : 2;
      for (let k = 0; k < n; k++) {
        await this.tipoffCase(b, { t, workshopId: id, workshopName: name, kind: 'violation', product: products[0], location, address, office, inspectors, events, verified, category, after: start, before: end });
      }
      // Now and then a report about an unlicensed site nearby, not yet confirmed (an open case by place).
      if (r.next() < 0.015) {
        const near = { lat: +(location.lat + (r.next() - 0.5) * 0.01).toFixed(6), lng: +(location.lng + (r.next() - 0.5) * 0.01).toFixed(6) };
        await this.tipoffCase(b, { t, workshopId: null, workshopName: null, kind: 'unlicensed', product: r.pick(PRODUCTS[category]), location: near, address: null, office, inspectors, events, verified, category, open: true });
      }
    }

    const risk = status === 'registered'
      ? scoreRisk({ categories: [category], inspections, samples, penalties, tipoffs: verified }, this.asOf)
      : null;
    const lastInspectionAt = inspections.length ? inspections[inspections.length - 1].at : null;
    // A black workshop enters the file when its case is closed (the tip-off command records it then).
    const createdAt = status === 'unlicensed' ? this.lastClosedAt ?? start : start;
    b.workshops.push({
      _id, name, namePinyin: keys.full, nameInitials: keys.initials, ownerId: null, ownerNameMasked: status === 'unlicensed' ? null : maskName(owner),
      region: t.code, regionName: t.fullName, address, location, categories: [category], products: status === 'unlicensed' ? [] : products,
      status, certificate, riskGrade: risk?.grade ?? null, riskScore: risk?.score ?? null, riskReasons: risk?.reasons ?? [], riskUpdatedAt: risk ? this.asOf : null,
      badges: [], keyArea: r.next() < 0.4 ? r.pick(KEY_AREAS) : null, lastInspectionAt,
      createdAt, updatedAt: events.reduce((m, e) => (e.at > m ? e.at : m), createdAt),
    });
    const latestFacts = latest ? latestInspectionOf(latest) : null;
    b.files.push({ _id: id, ...publicFileOf(events, latestFacts) });
    this.countyCounts.set(t.county, (this.countyCounts.get(t.county) ?? 0) + 1);
  }

}
