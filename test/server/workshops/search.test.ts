// Search keys and queries go through one normalisation: NFKC (full-width → half-width), case, ü as v
// or u, surname readings for the first character, both readings of a common polyphone.
import { createTestApp, type TestApp } from '../../support/app';
import { buildWorkshop } from '../../support/factories';

let t: TestApp;
let shanjiCert: string;
beforeAll(async () => {
  t = await createTestApp();
  await buildWorkshop(t, { name: '三江绿茶坊', region: '450203001' });
  await buildWorkshop(t, { name: '柳城绿茶作坊', region: '450203002' });
  await buildWorkshop(t, { name: '鱼峰李记螺蛳粉作坊' });
  await buildWorkshop(t, { name: '螺蛳粉总汇' });
  shanjiCert = (await buildWorkshop(t, { name: '单记米粉店' })).certificate!.number!;
  await buildWorkshop(t, { name: '曾记腊味' });
  await buildWorkshop(t, { name: '长兴酱料坊' });
  await buildWorkshop(t, { name: 'ＡＢ豆腐坊' });
});
afterAll(async () => { await t.close(); });

const names = async (q: string) => {
  const res = await t.http.get('/api/v1/workshops').query({ q, pageSize: 50 });
  expect(res.status).toBe(200);
  return (res.body.data as { name: string }[]).map((w) => w.name).sort();
};

const GREEN_TEA = ['三江绿茶坊', '柳城绿茶作坊'];
const LSF = ['螺蛳粉总汇', '鱼峰李记螺蛳粉作坊'];

describe('GET /api/v1/workshops?q= normalisation', () => {
  it.each(['lvcha', 'lucha', 'LvCha', 'lv cha', 'lǜchá', 'lu:cha', 'lvc', 'lc', '绿茶'])('finds the 绿茶 workshops by %s', async (q) => {
    expect(await names(q)).toEqual(GREEN_TEA);
  });

  it.each(['lsf', 'ｌｓｆ', 'ＬＳＦ', 'LSF', 'luosifen', 'ｌｕｏｓｉ', '螺蛳粉', '螺 蛳 粉'])('finds the 螺蛳粉 workshops by %s', async (q) => {
    expect(await names(q)).toEqual(LSF);
  });

  it('reads the first character of a personal name as a surname, and keeps the everyday reading too', async () => {
    expect(await names('shanji')).toEqual(['单记米粉店']);
    expect(await names('sjmf')).toEqual(['单记米粉店']);
    expect(await names('danji')).toEqual(['单记米粉店']);
    expect(await names('zengji')).toEqual(['曾记腊味']);
    expect(await names('zjlw')).toEqual(['曾记腊味']);
  });

  it('finds a polyphone by either common reading', async () => {
    expect(await names('changxing')).toEqual(['长兴酱料坊']);
    expect(await names('zhangxing')).toEqual(['长兴酱料坊']);
    expect(await names('cxjlf')).toEqual(['长兴酱料坊']);
  });

  it('normalises full-width letters stored in a name, and certificate numbers typed full-width', async () => {
    expect(await names('ab')).toEqual(['ＡＢ豆腐坊']);
    expect(await names('ＡＢ豆腐')).toEqual(['ＡＢ豆腐坊']);
    const fullWidth = shanjiCert.replace(/[A-Z0-9]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    expect(await names(fullWidth)).toEqual(['单记米粉店']);
  });

  it('ranks a match at the start of the name first', async () => {
    const res = await t.http.get('/api/v1/workshops').query({ q: 'ｌｓｆ' });
    expect(res.body.data.map((w: { name: string }) => w.name)).toEqual(['螺蛳粉总汇', '鱼峰李记螺蛳粉作坊']);
  });

  it('still finds nothing for operators, patterns or unrelated letters', async () => {
    expect(await names('.*')).toEqual([]);
    expect(await names('{"$ne":null}')).toEqual([]);
    expect(await names('qqqq')).toEqual([]);
  });
});
