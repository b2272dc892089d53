// What each kind of public record is called and how it is marked in the timeline. The glyph is
// decorative; the icon's accessible name is the label.
export type Tone = 'info' | 'good' | 'bad' | 'neutral';

export const EVENT_KINDS: Record<string, { label: string; glyph: string; tone: Tone }> = {
  registration: { label: '登记', glyph: '登', tone: 'info' },
  certificate: { label: '登记证', glyph: '证', tone: 'info' },
  inspection: { label: '日常检查', glyph: '检', tone: 'info' },
  sampling: { label: '监督抽检', glyph: '抽', tone: 'info' },
  penalty: { label: '行政处罚', glyph: '罚', tone: 'bad' },
  training: { label: '培训', glyph: '培', tone: 'good' },
  award: { label: '荣誉', glyph: '奖', tone: 'good' },
  tipoff: { label: '举报查处', glyph: '举', tone: 'bad' },
};

export const RECTIFICATION_TONE: Record<string, Tone> = { pending: 'neutral', submitted: 'info', closed: 'good', overdue: 'bad' };

/** Results that a reader should notice (a failed sample, an order to rectify). */
export const isBadResult = (r: string | null | undefined) => !!r && /不合格|不符合|责令|立案|查实|未通过|逾期/.test(r) && !/^查无/.test(r);
