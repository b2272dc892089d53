// The owner's side of "一次不跑": drafts that survive, instant checks, submission rules.
import { createTestApp, type TestApp } from '../../support/app';
import { buildWorkshop, completeApplication, loginAs, submittedApplication, uploadPhoto, type LoggedIn } from '../../support/factories';
import { RegistrationModel } from '../../../server/src/models/Registration';
import { NegativeListModel } from '../../../server/src/models/NegativeList';
import { expectUnchanged } from '../../support/unchanged';

let t: TestApp;
let owner: LoggedIn;
let photo: string;
beforeAll(async () => {
  t = await createTestApp();
  owner = await loginAs(t, 'owner');
  photo = await uploadPhoto(t, owner.auth);
});
afterAll(async () => { await t.close(); });

describe('POST /api/v1/registrations (draft)', () => {
  it('401 without login', async () => {
    expect((await t.http.post('/api/v1/registrations').send({})).status).toBe(401);
  });

  it('400 for a bad phone, ID number or unknown field', async () => {
    const bad = await t.http.post('/api/v1/registrations').set(owner.auth).send({ applicant: { phone: '123' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('请输入11位手机号');
    expect((await t.http.post('/api/v1/registrations').set(owner.auth).send({ applicant: { idNumber: '123' } })).status).toBe(400);
    // GB 11643: the check digit of 450203198503171230 should be 2; a birth date that does not exist; an unknown province.
    for (const [idNumber, message] of [
      ['450203198503171230', 'applicant.idNumber：身份证号码校验位不正确'],
      ['450203198502301234', 'applicant.idNumber：身份证号码中的出生日期不存在'],
      ['990203198503171238', 'applicant.idNumber：身份证号码前两位不是有效的省级行政区划代码'],
    ]) {
      const res = await t.http.post('/api/v1/registrations').set(owner.auth).send({ applicant: { name: '李秀英', idNumber } });
      expect({ idNumber, status: res.status, code: res.body.error.code, message: res.body.error.message }).toEqual({ idNumber, status: 400, code: 'request.invalid', message });
    }
    expect((await t.http.post('/api/v1/registrations').set(owner.auth).send({ status: 'approved' })).status).toBe(400);
    expect(await RegistrationModel.countDocuments({})).toBe(0);
  });

  it('keeps a partial draft, lists what is missing, and masks personal numbers (stored encrypted)', async () => {
    const res = await t.http.post('/api/v1/registrations').set(owner.auth).send({ applicant: { name: '李秀英', phone: '13812345678', idNumber: '45020319800101128x' } });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ status: 'draft', statusLabel: '草稿', applicant: { name: '李秀英', phone: '138****5678', idNumber: '4502**********128X' } });
    expect(res.body.data.checks.missing).toEqual(expect.arrayContaining(['作坊名称', '生产场所照片（至少1张）', '食品安全承诺书（阅读并签署）', '个体工商户营业执照信息']));
    const stored = await RegistrationModel.findById(res.body.data.id).lean();
    expect(JSON.stringify(stored)).not.toContain('13812345678');
    expect(JSON.stringify(stored)).not.toContain('45020319800101128X');
    expect(t.services.cipher.decrypt(stored!.applicant!.idNumberEnc!)).toBe('45020319800101128X');

    // Resumed later (another device): the draft is there, section by section.
    const more = await t.http.patch(`/api/v1/registrations/${res.body.data.id}`).set(owner.auth).send({ products: ['螺蛳粉'] });
    expect(more.body.data.products).toEqual(['螺蛳粉']);
    expect(more.body.data.applicant.name).toBe('李秀英');
    const mine = await t.http.get('/api/v1/registrations/mine').set(owner.auth);
    expect(mine.body.data.map((r: { id: string }) => r.id)).toContain(res.body.data.id);
  });
});

describe('PATCH /api/v1/registrations/:id', () => {
  it('422 for a photo someone else uploaded (ids alone must not attach other people\'s files)', async () => {
    const created = await t.http.post('/api/v1/registrations').set(owner.auth).send({});
    const other = await loginAs(t, 'owner', { name: '另一位业主' });
    const theirs = await uploadPhoto(t, other.auth);
    await expectUnchanged(() => RegistrationModel.findById(created.body.data.id).lean(), async () => {
      const res = await t.http.patch(`/api/v1/registrations/${created.body.data.id}`).set(owner.auth).send({ premises: { photos: [theirs] } });
      expect(res.status).toBe(422);
      expect(res.body.error.message).toBe('照片不存在或不是您上传的');
    });
    expect((await t.http.post('/api/v1/registrations').set(owner.auth).send({ premises: { photos: [theirs] } })).status).toBe(422);
    const mine = await t.http.patch(`/api/v1/registrations/${created.body.data.id}`).set(owner.auth).send({ premises: { photos: [photo] } });
    expect(mine.body.data.premises.photos).toEqual([photo]);
  });

  it('404 for someone else, 400 for a bad id', async () => {
    const created = await t.http.post('/api/v1/registrations').set(owner.auth).send({});
    const other = await loginAs(t, 'citizen');
    await expectUnchanged(() => RegistrationModel.findById(created.body.data.id).lean(), async () => {
      expect((await t.http.patch(`/api/v1/registrations/${created.body.data.id}`).set(other.auth).send({ products: ['x'] })).status).toBe(404);
      expect((await t.http.post(`/api/v1/registrations/${created.body.data.id}/submit`).set(other.auth)).status).toBe(404);
    });
    expect((await t.http.patch('/api/v1/registrations/xyz').set(owner.auth).send({})).status).toBe(400);
  });
});

describe('POST /api/v1/registrations/:id/submit', () => {
  it('422 listing missing materials; nothing changes', async () => {
    const created = await t.http.post('/api/v1/registrations').set(owner.auth).send({ workshop: { name: '半成品作坊' } });
    await expectUnchanged(() => RegistrationModel.findById(created.body.data.id).lean(), async () => {
      const res = await t.http.post(`/api/v1/registrations/${created.body.data.id}/submit`).set(owner.auth);
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('registration.incomplete');
      expect(res.body.error.message).toMatch(/^还缺少：申请人姓名、/);
      expect(res.body.error.details.missing).toContain('详细地址');
    });
    expect((await RegistrationModel.findById(created.body.data.id).lean())!.status).toBe('draft');
  });

  it('422 naming products on the negative list, caught already while filling', async () => {
    const app = completeApplication(photo, { products: ['米粉', '花生调和油'] });
    const created = await t.http.post('/api/v1/registrations').set(owner.auth).send(app);
    expect(created.body.data.checks.negativeList).toEqual([{ product: '花生调和油', item: '食用调和油', reason: '调和油不得由小作坊生产' }]);
    await expectUnchanged(() => RegistrationModel.findById(created.body.data.id).lean(), async () => {
      const res = await t.http.post(`/api/v1/registrations/${created.body.data.id}/submit`).set(owner.auth);
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('registration.negative_list');
      expect(res.body.error.details.products[0].product).toBe('花生调和油');
    });
    expect((await RegistrationModel.findById(created.body.data.id).lean())!.status).toBe('draft');
  });

  it('warns about a registered workshop at the same address', async () => {
    await buildWorkshop(t, { name: '已登记的作坊', address: '柳州市鱼峰区柳石路1号' });
    const created = await t.http.post('/api/v1/registrations').set(owner.auth).send(completeApplication(photo, { address: '柳州市鱼峰区柳石路1号' }));
    expect(created.body.data.checks.duplicates[0]).toMatchObject({ name: '已登记的作坊' });
  });

  it('submits once, with the acceptance deadline 5 working days out; then the application is locked', async () => {
    const created = await t.http.post('/api/v1/registrations').set(owner.auth).send(completeApplication(photo));
    const id = created.body.data.id;
    const res = await t.http.post(`/api/v1/registrations/${id}/submit`).set(owner.auth);
    expect(res.status).toBe(200);
    const expected = await t.services.calendar.addWorkingDays(new Date(res.body.data.submittedAt), 5);
    expect(res.body.data).toMatchObject({ status: 'submitted', deadline: { step: 'accept', stepLabel: '受理', due: expected.date, overdue: false, paused: false }, office: '柳州市鱼峰区市场监督管理局' });
    expect(res.body.data.timeline).toEqual([expect.objectContaining({ title: '提交申请', by: '申请人' })]);

    await expectUnchanged(() => RegistrationModel.findById(id).lean(), async () => {
      const again = await t.http.post(`/api/v1/registrations/${id}/submit`).set(owner.auth);
      expect(again.status).toBe(409);
      const edit = await t.http.patch(`/api/v1/registrations/${id}`).set(owner.auth).send({ products: ['腊肉'] });
      expect(edit.status).toBe(409);
      expect(edit.body.error).toMatchObject({ code: 'registration.not_editable', message: '申请已提交，不能修改' });
    });
  });
});

describe('withdrawing an application and deleting a draft (self-service)', () => {
  it('POST /withdraw: 401 → 400 → 404 for others → withdrawn before acceptance, with the reason on the timeline; 409 once accepted', async () => {
    const id = await submittedApplication(t, owner, { name: '撤回测试米粉作坊', address: '柳州市鱼峰区撤回路1号' });
    const url = `/api/v1/registrations/${id}/withdraw`;
    await expectUnchanged(() => RegistrationModel.findById(id).lean(), async () => {
      expect((await t.http.post(url).send({})).status).toBe(401);
      expect((await t.http.post(url).set(owner.auth).send({ reason: 'x'.repeat(201) })).status).toBe(400);
      const other = await loginAs(t, 'owner', { name: '别的业主' });
      expect((await t.http.post(url).set(other.auth).send({})).status).toBe(404);
    });
    const res = await t.http.post(url).set(owner.auth).send({ reason: '地址填错，重新申请' });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ status: 'withdrawn', statusLabel: '已撤回', deadline: null });
    expect(res.body.data.timeline.at(-1)).toMatchObject({ title: '申请人撤回申请', note: '地址填错，重新申请', by: '申请人' });
    // Gone from the office's queue; the same address may be applied for again.
    const inspector = await loginAs(t, 'inspector', { region: '450203' });
    const queue = await t.http.get('/api/v1/registrations').set(inspector.auth);
    expect(queue.body.data.map((r: { id: string }) => r.id)).not.toContain(id);
    expect(await submittedApplication(t, owner, { name: '撤回测试米粉作坊', address: '柳州市鱼峰区撤回路1号' })).toMatch(/^[a-f0-9]{24}$/);

    const accepted = await submittedApplication(t, owner, { name: '已受理米粉作坊', address: '柳州市鱼峰区撤回路2号' });
    await t.http.post(`/api/v1/registrations/${accepted}/accept`).set(inspector.auth).expect(200);
    await expectUnchanged(() => RegistrationModel.findById(accepted).lean(), async () => {
      const late = await t.http.post(`/api/v1/registrations/${accepted}/withdraw`).set(owner.auth).send({});
      expect(late.status).toBe(409);
      expect(late.body.error).toMatchObject({ code: 'registration.state_conflict', message: '申请当前为“已受理，待现场核查”，受理后不能撤回' });
    });
  });

  it('DELETE a draft: 401 → 400 → 404 for others → 204 and gone; a submitted application is not deleted (409)', async () => {
    const draft = (await t.http.post('/api/v1/registrations').set(owner.auth).send({ products: ['米粉'] })).body.data.id;
    await expectUnchanged(() => RegistrationModel.findById(draft).lean(), async () => {
      expect((await t.http.delete(`/api/v1/registrations/${draft}`)).status).toBe(401);
      expect((await t.http.delete('/api/v1/registrations/nope').set(owner.auth)).status).toBe(400);
      const other = await loginAs(t, 'owner', { name: '别的业主二' });
      expect((await t.http.delete(`/api/v1/registrations/${draft}`).set(other.auth)).status).toBe(404);
    });
    expect((await t.http.delete(`/api/v1/registrations/${draft}`).set(owner.auth)).status).toBe(204);
    expect(await RegistrationModel.exists({ _id: draft })).toBeNull();
    expect((await t.http.get(`/api/v1/registrations/${draft}`).set(owner.auth)).status).toBe(404);

    const submitted = await submittedApplication(t, owner, { name: '不能删除米粉作坊', address: '柳州市鱼峰区撤回路3号' });
    await expectUnchanged(() => RegistrationModel.findById(submitted).lean(), async () => {
      const res = await t.http.delete(`/api/v1/registrations/${submitted}`).set(owner.auth);
      expect(res.status).toBe(409);
      expect(res.body.error.message).toBe('只有未提交的草稿可以删除；已提交的申请可在受理前撤回');
    });
  });
});

describe('negative list administration', () => {
  it('401, 400, 403 outside the region, then a county list that applies to applications there', async () => {
    const body = { region: '450203', items: [{ item: '酸笋', keywords: [], reason: '本区试点暂停受理酸笋类登记' }] };
    expect((await t.http.put('/api/v1/negative-list').send(body)).status).toBe(401);
    const admin = await loginAs(t, 'admin', { region: '4502' });
    const other = await loginAs(t, 'admin', { region: '4503' });
    await expectUnchanged(() => NegativeListModel.find({}).lean(), async () => {
      expect((await t.http.put('/api/v1/negative-list').set(admin.auth).send({ region: '450203', items: [{ item: '' }] })).status).toBe(400);
      expect((await t.http.put('/api/v1/negative-list').set(other.auth).send(body)).status).toBe(403);
    });
    const ok = await t.http.put('/api/v1/negative-list').set(admin.auth).send(body);
    expect(ok.status).toBe(200);
    expect(ok.body.items.map((i: { item: string }) => i.item)).toEqual(expect.arrayContaining(['食盐', '酸笋']));

    const here = await t.http.post('/api/v1/registrations').set(owner.auth).send(completeApplication(photo, { products: ['酸笋'] }));
    expect(here.body.data.checks.negativeList[0].item).toBe('酸笋');
    const elsewhere = await t.http.post('/api/v1/registrations').set(owner.auth).send(completeApplication(photo, { products: ['酸笋'], region: '450303001' }));
    expect(elsewhere.body.data.checks.negativeList).toEqual([]);
    expect((await t.http.get('/api/v1/negative-list?region=450303')).body.items.some((i: { item: string }) => i.item === '酸笋')).toBe(false);
  });
});
