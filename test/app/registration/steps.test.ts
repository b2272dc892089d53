// Pure logic of the registration form and the review screen: step validation, what a step sends,
// resuming a draft (local vs server copy), the instant negative-list match and the review rules.
import { NEGATIVE_LIST_SEED } from '@shared/domain/categories';
import { reviewActions } from '@shared/domain/registration';
import type { RegistrationView } from '@shared/schemas/registration';
import {
  STEPS, draftFromView, emptyDraft, localCopy, mergeDrafts, negativeHits, stepBody, stepIndexForField, upcomingSteps, stepIssues, validateStep, type FormDraft,
} from '@/packages/registration/lib/steps';
import { deadlineText, scheduleProblems, siteCheckProblems } from '@/packages/staff/lib/review';

const TODAY = '2026-11-23';

function filled(): FormDraft {
  const d = emptyDraft();
  return {
    ...d,
    id: 'r1',
    applicant: { name: '李秀英', phone: '13812345678', idNumber: '45020319800101128x', phoneSaved: null, idNumberSaved: null },
    workshop: { name: '鱼峰李记螺蛳粉作坊', region: '450203001', regionName: '广西壮族自治区柳州市鱼峰区天马街道', address: '柳石路188号', lat: '', lng: '', categories: ['rice_flour'] },
    products: ['螺蛳粉', ' ', '米粉'],
    premises: { photos: ['a'.repeat(24)], area: '60', water: '市政自来水' },
    equipment: [{ name: '米粉机', quantity: '2' }, { name: ' ', quantity: '1' }],
    staff: [{ name: '李秀英', healthCertNo: 'JK2026001', healthCertExpiry: '2027-06-30' }],
    commitment: { signatureName: '李秀英', signed: true },
    licence: { businessName: '李记螺蛳粉店', operatorName: '李秀英', form: 'individual', scope: '食品小作坊生产（米面制品）' },
    editedAt: 1000,
  };
}

function view(over: Partial<RegistrationView> = {}): RegistrationView {
  return {
    id: 'r1', kind: 'new', kindLabel: '登记（证照联办）', status: 'draft', statusLabel: '草稿',
    applicant: { name: '李秀英', phone: '138****5678', idNumber: '4502**********128X' },
    workshop: { id: null, name: '鱼峰李记螺蛳粉作坊', region: '450203001', regionName: '广西壮族自治区柳州市鱼峰区天马街道', address: '柳石路188号', location: { lat: 24.3, lng: 109.4 }, categories: ['rice_flour'] },
    products: ['螺蛳粉'], premises: { photos: [], floorPlan: null, area: 60, water: null }, equipment: [], staff: [],
    commitment: { signed: false, signatureName: null, signedAt: null }, licence: { businessName: null, operatorName: null, form: null, scope: null },
    change: null, reason: null, corrections: [], deadline: null, office: null, siteCheck: null, decision: null, certificateNumber: null, certificatePending: false, timeline: [],
    checks: { missing: [], negativeList: [], duplicates: [] }, escalated: false, rating: null, canRate: false, submittedAt: null, updatedAt: new Date(5000).toISOString(),
    ...over,
  };
}

describe('step validation', () => {
  test('a complete application passes every step', () => {
    for (const s of STEPS) expect({ step: s.key, errors: validateStep(s.key, filled(), TODAY) }).toEqual({ step: s.key, errors: [] });
  });

  test('an empty applicant step names each missing field; saved (masked) numbers count as filled', () => {
    expect(validateStep('applicant', emptyDraft(), TODAY)).toEqual(['请填写申请人姓名', '请填写手机号', '请填写身份证号']);
    const resumed = { ...emptyDraft(), applicant: { name: '李秀英', phone: '', idNumber: '', phoneSaved: '138****5678', idNumberSaved: '4502**********128X' } };
    expect(validateStep('applicant', resumed, TODAY)).toEqual([]);
  });

  test('bad formats get the shared schemas\' Chinese messages', () => {
    const d = filled();
    d.applicant.phone = '1234';
    d.applicant.idNumber = '12345';
    expect(validateStep('applicant', d, TODAY)).toEqual(['请输入11位手机号', '请输入18位身份证号码']);
    d.applicant.idNumber = '450203198503171230'; // the check digit should be 2: the same rule as the server's
    expect(validateStep('applicant', d, TODAY)).toEqual(['请输入11位手机号', '身份证号码校验位不正确']);
  });

  test('the region must reach the county; coordinates come in pairs and within China', () => {
    const d = filled();
    d.workshop.region = '4502';
    d.workshop.lat = '24.3';
    expect(validateStep('workshop', d, TODAY)).toEqual(['请选择所在区域（到区县或乡镇）', '位置坐标请同时填写纬度和经度，或都不填']);
    const far = filled();
    far.workshop.lat = '80';
    far.workshop.lng = '109.4';
    expect(validateStep('workshop', far, TODAY)).toEqual(['位置超出范围（应在我国境内），请重新定位或清除位置']);
  });

  test('an expired health certificate and a signature that is not the applicant\'s are stopped', () => {
    const d = filled();
    d.staff[0].healthCertExpiry = '2026-11-22';
    expect(validateStep('staff', d, TODAY)).toEqual(['李秀英的健康证已过期，请更新后再填写']);
    d.commitment.signatureName = '王五';
    expect(validateStep('commitment', d, TODAY)).toEqual(['签署姓名应与申请人姓名一致']);
    expect(validateStep('premises', { ...d, premises: { ...d.premises, photos: [] } }, TODAY)).toEqual(['请至少上传一张生产场所照片']);
  });
});

describe('the error summary\'s issues', () => {
  test('each problem names the field it jumps to; a half-filled person row gets one message per missing part', () => {
    const d = filled();
    d.staff = [{ name: '', healthCertNo: 'JK1', healthCertExpiry: '2027/6/30' }];
    expect(stepIssues('staff', d, TODAY)).toEqual([
      { field: 'staff.0.name', message: '请填写人员1的姓名' },
      { field: 'staff.0.healthCertExpiry', message: '请选择人员1的健康证有效期' },
    ]);
    d.staff[0] = { name: '李秀英', healthCertNo: 'JK1', healthCertExpiry: '2027-06-30' };
    expect(stepIssues('staff', d, TODAY)).toEqual([]);
    const w = filled();
    w.workshop.region = '45';
    w.workshop.name = ' ';
    expect(stepIssues('workshop', w, TODAY).map((i) => i.field)).toEqual(['workshop.name', 'region']);
  });
});

describe('what a step saves', () => {
  test('blank rows are dropped, numbers converted, the ID number upper-cased', () => {
    const d = filled();
    expect(stepBody('applicant', d)).toEqual({ applicant: { name: '李秀英', phone: '13812345678', idNumber: '45020319800101128X' } });
    expect(stepBody('products', d)).toEqual({ products: ['螺蛳粉', '米粉'], workshop: { categories: ['rice_flour'] } });
    expect(stepBody('equipment', d)).toEqual({ equipment: [{ name: '米粉机', quantity: 2 }] });
    expect(stepBody('premises', d)).toEqual({ premises: { photos: ['a'.repeat(24)], area: 60, water: '市政自来水' } });
    d.workshop.lat = '24.3265';
    d.workshop.lng = '109.4281';
    expect(stepBody('workshop', d).workshop).toMatchObject({ region: '450203001', location: { lat: 24.3265, lng: 109.4281 } });
  });

  test('a resumed applicant step does not send the masked numbers back', () => {
    const d = draftFromView(view());
    expect(stepBody('applicant', d)).toEqual({ applicant: { name: '李秀英' } });
  });

  test('an unsigned commitment sends nothing (the server only accepts signed: true)', () => {
    expect(stepBody('commitment', emptyDraft())).toEqual({});
  });
});

describe('resuming a draft', () => {
  test('the server copy wins for another application or when it is newer (edited on another device)', () => {
    const local = { ...filled(), editedAt: 1000, step: 4 };
    expect(mergeDrafts(local, view({ updatedAt: new Date(5000).toISOString() }))).toMatchObject({ id: 'r1', step: 4, products: ['螺蛳粉'] });
    expect(mergeDrafts({ ...local, id: 'other' }, view()).step).toBe(0);
  });

  test('the local copy wins when it was edited after the last save, with the server\'s masks', () => {
    const local = { ...filled(), editedAt: 9000, step: 2 };
    const merged = mergeDrafts(local, view());
    expect(merged.products).toEqual(['螺蛳粉', ' ', '米粉']);
    expect(merged.applicant.phoneSaved).toBe('138****5678');
  });

  test('the device never keeps the full phone or ID number', () => {
    expect(localCopy(filled()).applicant).toMatchObject({ phone: '', idNumber: '' });
  });

  test('a correction field leads to its step', () => {
    expect(STEPS[stepIndexForField('premises')].title).toBe('场所照片');
    expect(STEPS[stepIndexForField('licence')].title).toBe('营业执照信息');
    expect(STEPS[stepIndexForField('unknown')].key).toBe('review');
  });
});

describe('negative list while typing', () => {
  const list = NEGATIVE_LIST_SEED.map((s) => ({ item: s.item, keywords: s.item === '食盐' ? ['食盐', '精盐'] : s.item === '乳制品' ? ['酸奶'] : [], reason: s.reason }));
  test('products containing a listed item or keyword are flagged with the reason', () => {
    expect(negativeHits(['加碘食盐', '螺蛳粉', '自制酸奶', ''], list)).toEqual([
      { product: '加碘食盐', item: '食盐', reason: '食盐实行定点生产' },
      { product: '自制酸奶', item: '乳制品', reason: '乳制品禁止小作坊生产' },
    ]);
    expect(negativeHits(['罐'], list)).toEqual([]); // one character is too little to match a longer item
  });
});

describe('status road and review rules', () => {
  test('the owner sees the steps still ahead', () => {
    expect(upcomingSteps({ status: 'submitted', kind: 'new' })).toEqual(['受理', '现场核查', '准予登记 / 不予登记']);
    expect(upcomingSteps({ status: 'accepted', kind: 'renewal' })).toEqual(['审批决定']);
    expect(upcomingSteps({ status: 'withdrawn', kind: 'new' })).toEqual([]); // withdrawn: nothing more will happen
    expect(upcomingSteps({ status: 'approved', kind: 'new' })).toEqual([]);
  });

  test('the review screen offers the actions the server allows (shared reviewActions)', () => {
    expect(reviewActions(view({ status: 'submitted' }))).toEqual(['accept', 'correction', 'reject']);
    expect(reviewActions(view({ status: 'accepted' }))).toEqual(['schedule', 'correction', 'reject']);
    expect(reviewActions(view({ status: 'accepted', kind: 'change' }))).toEqual(['approve', 'correction', 'reject']);
    const checking = view({ status: 'site_check', siteCheck: { date: '2026-11-25', inspectors: [], result: null } });
    expect(reviewActions(checking)).toEqual(['schedule', 'siteCheck', 'reject']); // rescheduled until a result is recorded
    const passed: RegistrationView = { ...checking, siteCheck: { date: '2026-11-25', inspectors: [], result: { passed: true, note: null, items: [], at: '' } } };
    expect(reviewActions(passed)).toEqual(['approve', 'reject']);
    expect(reviewActions(view({ status: 'correction' }))).toEqual([]);
  });

  test('a site check needs every item, a conclusion, and no 不符合 when passed', () => {
    expect(siteCheckProblems({}, null)[0]).toMatch(/^请为每一项选择结果，尚未选择：亮证经营、/);
    const all = Object.fromEntries(['license_display', 'safety_pledge', 'self_inspection', 'health_check', 'purchase_check', 'receipts', 'additive_notice', 'operation', 'cleanliness', 'labeling'].map((c) => [c, 'pass' as const]));
    expect(siteCheckProblems(all, true)).toEqual([]);
    expect(siteCheckProblems({ ...all, cleanliness: 'fail' }, true)).toEqual(['存在不符合项（场所清洁），不能判定为核查通过']);
    expect(siteCheckProblems({ ...all, cleanliness: 'fail' }, false)).toEqual([]);
  });

  test('a site check needs two inspectors and a date inside the deadline', () => {
    expect(scheduleProblems(['a', 'a'], '2026-11-24', '2026-11-25', TODAY)).toEqual(['现场核查需至少2名监管人员']);
    expect(scheduleProblems(['a', 'b'], '2026-11-26', '2026-11-25', TODAY)).toEqual(['核查日期应在期限 2026-11-25 之前']);
    expect(scheduleProblems(['a', 'b'], '2026-11-20', '2026-11-25', TODAY)).toEqual(['核查日期不能早于今天']);
    expect(scheduleProblems(['a', 'b'], '明天', null, TODAY)).toEqual(['请填写核查日期（如 2026-11-25）']);
  });

  test('the queue line says how the clock stands', () => {
    const d = { step: 'accept' as const, stepLabel: '受理', due: '2026-11-30', estimated: false, overdue: false, paused: false, remainingWorkingDays: 5 };
    expect(deadlineText({ status: 'submitted', deadline: d })).toBe('受理期限 2026-11-30（剩 5 个工作日）');
    expect(deadlineText({ status: 'submitted', deadline: { ...d, overdue: true } })).toBe('受理期限 2026-11-30，已超期');
    expect(deadlineText({ status: 'correction', deadline: { ...d, paused: true, remainingWorkingDays: 3 } })).toBe('补正中，计时暂停（剩 3 个工作日）');
    expect(deadlineText({ status: 'accepted', deadline: { ...d, remainingWorkingDays: 0 } })).toBe('受理期限 2026-11-30（今天到期）');
    expect(deadlineText({ status: 'approved', deadline: null })).toBe('已办结');
  });
});
