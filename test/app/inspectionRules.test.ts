// The inspection form's checks before queueing: the record's rules come from the shared schema
// (CreateInspectionBody), so the form refuses what the server would refuse, in the server's words.
import { CHECKLIST_ITEMS } from '@shared/domain/categories';
import { inspectionBody, inspectionProblems } from '@/packages/staff/lib/inspectionRules';
import type { InspectionDraft } from '@/packages/staff/lib/supervision';

const TODAY = '2026-11-23';
const all = (result: 'pass' | 'fail' = 'pass') => Object.fromEntries(CHECKLIST_ITEMS.map((i) => [i.code, { result }]));
const draft = (patch: Partial<InspectionDraft> = {}): InspectionDraft => ({
  clientId: '3b241101-e2bb-4255-8caf-4136c566a962', workshopId: 'a'.repeat(24), workshopName: '李记', items: all(), result: 'none', ...patch,
});

test('every item and a conclusion are asked for first', () => {
  expect(inspectionProblems(draft({ items: {}, result: undefined }), TODAY)).toEqual([
    expect.stringMatching(/^请为每一项选择结果，尚未选择：亮证经营、/), '请选择检查结论',
  ]);
});

test('a complete record with no 不符合 item can be 未发现问题', () => {
  expect(inspectionProblems(draft(), TODAY)).toEqual([]);
});

test('a 不符合 item rules out 未发现问题 (the schema\'s rule and words)', () => {
  const items = { ...all(), [CHECKLIST_ITEMS[0].code]: { result: 'fail' as const } };
  expect(inspectionProblems(draft({ items }), TODAY)).toEqual([`存在不符合项（${CHECKLIST_ITEMS[0].name}），结论不能为“未发现问题”`]);
  expect(inspectionProblems(draft({ items, result: 'case' }), TODAY)).toEqual([]);
});

test('责令整改 needs a deadline after today', () => {
  expect(inspectionProblems(draft({ result: 'rectify' }), TODAY)).toEqual(['责令整改须填写整改期限']);
  expect(inspectionProblems(draft({ result: 'rectify', rectificationDeadline: TODAY }), TODAY)).toEqual(['整改期限应晚于今天']);
  expect(inspectionProblems(draft({ result: 'rectify', rectificationDeadline: '2026-12-10' }), TODAY)).toEqual([]);
  expect(inspectionBody(draft({ result: 'rectify', rectificationDeadline: '2026-12-10' }), TODAY)).toMatchObject({ date: TODAY, result: 'rectify', rectificationDeadline: '2026-12-10' });
});
