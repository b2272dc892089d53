// The same-address warning compares places, not strings: NFKC (full-width digits), spaces, and the
// province/city/county/township prefix that the region code already says.
import { createTestApp, type TestApp } from '../../support/app';
import { buildWorkshop, completeApplication, loginAs, submittedApplication, uploadPhoto, type LoggedIn } from '../../support/factories';

let t: TestApp;
let owner: LoggedIn;
let photo: string;
beforeAll(async () => {
  t = await createTestApp();
  owner = await loginAs(t, 'owner');
  photo = await uploadPhoto(t, owner.auth);
  // 450203001: a township of 柳州市鱼峰区.
  await buildWorkshop(t, { name: '已登记的某某路作坊', region: '450203001', address: '柳州市鱼峰区某某路8号' });
});
afterAll(async () => { await t.close(); });

async function duplicatesFor(address: string, region = '450203001') {
  const res = await t.http.post('/api/v1/registrations').set(owner.auth).send(completeApplication(photo, { address, region }));
  expect(res.status).toBe(201);
  return (res.body.data.checks.duplicates as { name: string }[]).map((d) => d.name);
}

describe('duplicate-address warning', () => {
  it.each([
    '柳州市鱼峰区某某路８号', // full-width digit, as a Chinese IME types it
    '柳州市鱼峰区 某某路 8 号',
    '广西壮族自治区柳州市鱼峰区某某路8号',
    '广西柳州市鱼峰区某某路8号',
    '鱼峰区某某路8号',
    '某某路8号',
  ])('flags %s as the registered workshop at 柳州市鱼峰区某某路8号', async (address) => {
    expect(await duplicatesFor(address)).toEqual(['已登记的某某路作坊']);
  });

  it('flags it from another township of the same county, with the township named in the address', async () => {
    const township = t.services.regions.name('450203001');
    expect(await duplicatesFor(`柳州市鱼峰区${township}某某路8号`, '450203')).toEqual(['已登记的某某路作坊']);
  });

  it('does not flag another number, or the same street text in another county', async () => {
    expect(await duplicatesFor('柳州市鱼峰区某某路18号')).toEqual([]);
    expect(await duplicatesFor('某某路8号', '450204001')).toEqual([]);
  });

  it('flags another open application at the same place, written differently', async () => {
    const other = await loginAs(t, 'owner');
    await submittedApplication(t, other, { name: '申请中的作坊', region: '450203002', address: '广西壮族自治区柳州市鱼峰区另一路３号' });
    expect(await duplicatesFor('柳州市鱼峰区另一路3号', '450203002')).toEqual(['申请中的作坊（申请中）']);
  });
});
