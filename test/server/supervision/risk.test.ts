// The risk scoring on fixed cases: the numbers an owner sees in the reasons.
import { scoreRisk } from '../../../server/src/services/risk';

const now = new Date('2026-06-30T04:00:00Z');
const ago = (months: number) => { const d = new Date(now); d.setUTCMonth(d.getUTCMonth() - months); return d; };
const none = { inspections: [], samples: [], penalties: [], tipoffs: [] };

describe('scoreRisk', () => {
  it('A: a tea workshop with clean inspections', () => {
    const r = scoreRisk({ ...none, categories: ['tea'], inspections: [{ at: ago(3), result: 'none', failedItems: 0 }] }, now);
    expect(r).toMatchObject({ grade: 'A', score: 5, inspectionsPerYear: [1, 1] });
    expect(r.reasons).toEqual([
      '产品类别风险低（茶叶）：+5',
      '近24个月检查1次，均未发现问题',
      '近24个月无不合格抽检、行政处罚和查实举报',
      '风险分值5，评定为A级（低风险）',
    ]);
  });

  it('the riskiest category counts; a meat workshop with nothing else is still A (20 < 25)', () => {
    expect(scoreRisk({ ...none, categories: ['tea', 'meat'] }, now)).toMatchObject({ grade: 'A', score: 20 });
  });

  it('B: a failed sample rules out A even when the score is low', () => {
    const r = scoreRisk({ ...none, categories: ['tea'], samples: [{ at: ago(2), result: 'fail' }, { at: ago(1), result: 'pass' }] }, now);
    expect(r).toMatchObject({ grade: 'B', score: 20, inspectionsPerYear: [1, 2] });
    expect(r.reasons).toContain('近24个月抽检不合格1次：+15');
    expect(r.reasons).toContain('存在不合格抽检或行政处罚，不能评为A级');
  });

  it('C: meat + one penalty + 责令整改 with two failed items', () => {
    const r = scoreRisk({
      ...none, categories: ['meat'], penalties: [{ at: ago(6) }], inspections: [{ at: ago(5), result: 'rectify', failedItems: 2 }],
    }, now);
    // 20 + 20 + (10 + 4) = 54
    expect(r).toMatchObject({ grade: 'C', score: 54, inspectionsPerYear: [2, 3] });
    expect(r.reasons).toContain('近24个月检查发现问题（责令整改1次、不符合项2项）：+14');
  });

  it('D: edible oil with failed samples, penalties and verified tip-offs (caps apply)', () => {
    const r = scoreRisk({
      categories: ['edible_oil'],
      samples: [1, 2, 3].map((m) => ({ at: ago(m), result: 'fail' as const })),
      penalties: [{ at: ago(4) }],
      tipoffs: [{ at: ago(1) }, { at: ago(2) }, { at: ago(3) }],
      inspections: [{ at: ago(4), result: 'case', failedItems: 6 }],
    }, now);
    // 20 + min(45,30) + 20 + min(30,20) + min(20+12,30) = 120
    expect(r).toMatchObject({ grade: 'D', score: 120, inspectionsPerYear: [3, 4] });
  });

  it('records older than 24 months no longer count', () => {
    const r = scoreRisk({ ...none, categories: ['pastry'], penalties: [{ at: ago(25) }], samples: [{ at: ago(30), result: 'fail' }] }, now);
    expect(r).toMatchObject({ grade: 'A', score: 15 });
  });
});
