import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { CATEGORIES } from '@shared/domain/categories';
import { COMMITMENT_TEXT } from '@shared/domain/registration';
import ActionButton from '@/components/ActionButton';
import Field from '@/components/Field';
import DateField from '@/components/DateField';
import RegionPicker from '@/components/RegionPicker';
import { a11y } from '@/utils/a11y';
import { cx } from '@/utils/cx';
import { fieldAnchor } from '@/utils/fieldAnchor';
import { beijingToday } from '@/utils/time';
import PrivateImage from '../components/PrivateImage';
import type { RegistrationView } from '../lib/api';
import { canPickLocation, LOCATION_ACTION, pickLocation } from '../lib/location';
import type { FormDraft, StepKey } from '../lib/steps';
import { chooseAndUpload } from '../lib/upload';

export const MAX_PHOTOS = 9;

// The body of each step of the registration form, and the review before submitting.
export interface StepProps {
  stepKey: StepKey;
  draft: FormDraft;
  update: (fn: (d: FormDraft) => FormDraft) => void;
  hits: { product: string; item: string; reason: string }[];
  previews: Record<string, string>;
  setPreviews: (fn: (p: Record<string, string>) => Record<string, string>) => void;
  view: RegistrationView | null;
  goStep: (i: number) => void;
}

export default function StepBody({ stepKey, draft, update, hits, previews, setPreviews, view, goStep }: StepProps) {
  switch (stepKey) {
    case 'applicant':
      return (
        <View>
          <Field label='申请人姓名' name='applicant.name' required value={draft.applicant.name} maxlength={30} onInput={(v) => update((d) => ({ ...d, applicant: { ...d.applicant, name: v } }))} />
          <Field
            label='手机号' name='applicant.phone' required type='number' maxlength={11} value={draft.applicant.phone}
            hint={draft.applicant.phoneSaved ? `已保存：${draft.applicant.phoneSaved}（如需修改请重新输入）` : '用于接收办理进度通知'}
            onInput={(v) => update((d) => ({ ...d, applicant: { ...d.applicant, phone: v } }))}
          />
          <Field
            label='身份证号' name='applicant.idNumber' required type='idcard' maxlength={18} value={draft.applicant.idNumber}
            hint={draft.applicant.idNumberSaved ? `已保存：${draft.applicant.idNumberSaved}（加密保存，如需修改请重新输入）` : '加密保存，页面上只显示部分号码'}
            onInput={(v) => update((d) => ({ ...d, applicant: { ...d.applicant, idNumber: v } }))}
          />
        </View>
      );
    case 'workshop':
      return (
        <View>
          <Field label='作坊名称' name='workshop.name' required maxlength={50} value={draft.workshop.name} onInput={(v) => update((d) => ({ ...d, workshop: { ...d.workshop, name: v } }))} />
          <Text className='field__label'>所在区域（到区县或乡镇）*</Text>
          <RegionPicker
            value={draft.workshop.region}
            valueName={draft.workshop.regionName}
            onChange={(code, name) => update((d) => ({ ...d, workshop: { ...d.workshop, region: code, regionName: name } }))}
          />
          <Field label='详细地址' name='workshop.address' required maxlength={120} value={draft.workshop.address} placeholder='街道、门牌号' onInput={(v) => update((d) => ({ ...d, workshop: { ...d.workshop, address: v } }))} />
          {view?.checks.duplicates.length ? (
            <Text className='notice'>该地址已有登记或正在申请的作坊：{view.checks.duplicates.map((x) => x.name).join('、')}。如确为同一作坊，请勿重复申请。</Text>
          ) : null}
          <LocationPick draft={draft} update={update} />
        </View>
      );
    case 'products':
      return (
        <View>
          <Text className='field__label'>食品类别（可多选，最多5类）*</Text>
          <View className='chips' id={fieldAnchor('categories')}>
            {CATEGORIES.map((c) => {
              const on = draft.workshop.categories.includes(c.code);
              const toggle = () => update((d) => ({
                ...d,
                workshop: { ...d.workshop, categories: on ? d.workshop.categories.filter((x) => x !== c.code) : [...d.workshop.categories, c.code].slice(0, 5) },
              }));
              return (
                <Text key={c.code} className={cx('chip', on && 'chip--on')} data-code={c.code} onClick={toggle} {...a11y({ role: 'checkbox', checked: on, onActivate: toggle })}>
                  {c.name}
                </Text>
              );
            })}
          </View>
          <Text className='field__label'>生产品种 *</Text>
          {draft.products.map((p, i) => (
            <View key={i} className='row-card'>
              <Field
                label={`品种${i + 1}`} name={`products.${i}`} maxlength={30} value={p} placeholder='如 螺蛳粉'
                onInput={(v) => update((d) => ({ ...d, products: d.products.map((x, j) => (j === i ? v : x)) }))}
              />
              {hits.filter((h) => h.product === p.trim()).map((h) => (
                <Text key={h.item} className='warn' {...a11y({ role: 'alert' })}>“{h.product}”属于禁止生产食品目录（{h.item}）：{h.reason}</Text>
              ))}
              {draft.products.length > 1 ? (
                <Text className='link-btn link-btn--danger' onClick={() => update((d) => ({ ...d, products: d.products.filter((_, j) => j !== i) }))} {...a11y({ role: 'button', label: `删除品种${i + 1}`, onActivate: () => update((d) => ({ ...d, products: d.products.filter((_, j) => j !== i) })) })}>
                  删除
                </Text>
              ) : null}
            </View>
          ))}
          {draft.products.length < 30 ? <ActionButton onClick={() => update((d) => ({ ...d, products: [...d.products, ''] }))}>添加品种</ActionButton> : null}
        </View>
      );
    case 'premises': {
      const add = async () => {
        const r = await chooseAndUpload(MAX_PHOTOS - draft.premises.photos.length);
        if (!r.files.length) return;
        setPreviews((p) => ({ ...p, ...r.previews }));
        update((d) => ({ ...d, premises: { ...d.premises, photos: [...d.premises.photos, ...r.files.map((f) => f.id)].slice(0, MAX_PHOTOS) } }));
      };
      return (
        <View>
          <Text className='muted'>请拍摄生产车间、原料库房、成品存放区等，至少1张，最多{MAX_PHOTOS}张。照片中的位置信息会被自动去除。</Text>
          <View className='photos' id={fieldAnchor('premises.photos')}>
            {draft.premises.photos.map((id, i) => (
              <View key={id} className='photo-wrap'>
                <PrivateImage fileId={id} preview={previews[id]} label={`场所照片${i + 1}`} />
                <Text className='link-btn link-btn--danger' onClick={() => update((d) => ({ ...d, premises: { ...d.premises, photos: d.premises.photos.filter((x) => x !== id) } }))} {...a11y({ role: 'button', label: `删除场所照片${i + 1}`, onActivate: () => update((d) => ({ ...d, premises: { ...d.premises, photos: d.premises.photos.filter((x) => x !== id) } })) })}>
                  删除
                </Text>
              </View>
            ))}
          </View>
          {draft.premises.photos.length < MAX_PHOTOS ? <ActionButton onClick={() => void add()}>拍照或选择照片</ActionButton> : null}
          <Field label='生产场所面积（平方米）' name='premises.area' type='digit' maxlength={8} value={draft.premises.area} onInput={(v) => update((d) => ({ ...d, premises: { ...d.premises, area: v } }))} />
          <Field label='生产用水来源' name='premises.water' maxlength={50} value={draft.premises.water} placeholder='如 市政自来水' onInput={(v) => update((d) => ({ ...d, premises: { ...d.premises, water: v } }))} />
        </View>
      );
    }
    case 'equipment':
      return (
        <View>
          <Text className='muted'>填写主要生产设备、冷藏和消毒设施（选填）。</Text>
          {draft.equipment.map((e, i) => (
            <View key={i} className='row-card'>
              <Field label={`设备${i + 1}名称`} name={`equipment.${i}.name`} maxlength={30} value={e.name} placeholder='如 米粉机' onInput={(v) => update((d) => ({ ...d, equipment: d.equipment.map((x, j) => (j === i ? { ...x, name: v } : x)) }))} />
              <Field label={`设备${i + 1}数量`} name={`equipment.${i}.quantity`} type='number' maxlength={3} value={e.quantity} onInput={(v) => update((d) => ({ ...d, equipment: d.equipment.map((x, j) => (j === i ? { ...x, quantity: v } : x)) }))} />
              <Text className='link-btn link-btn--danger' onClick={() => update((d) => ({ ...d, equipment: d.equipment.filter((_, j) => j !== i) }))} {...a11y({ role: 'button', label: `删除设备${i + 1}`, onActivate: () => update((d) => ({ ...d, equipment: d.equipment.filter((_, j) => j !== i) })) })}>
                删除
              </Text>
            </View>
          ))}
          <ActionButton onClick={() => update((d) => ({ ...d, equipment: [...d.equipment, { name: '', quantity: '1' }] }))}>添加设备</ActionButton>
        </View>
      );
    case 'staff':
      return (
        <View>
          <Text className='muted'>所有从事食品生产的人员都应持有效健康证明。</Text>
          {draft.staff.map((s, i) => (
            <View key={i} className='row-card'>
              <Field label={`人员${i + 1}姓名`} name={`staff.${i}.name`} maxlength={30} value={s.name} onInput={(v) => update((d) => ({ ...d, staff: d.staff.map((x, j) => (j === i ? { ...x, name: v } : x)) }))} />
              <Field label={`人员${i + 1}健康证编号`} name={`staff.${i}.healthCertNo`} maxlength={40} value={s.healthCertNo} onInput={(v) => update((d) => ({ ...d, staff: d.staff.map((x, j) => (j === i ? { ...x, healthCertNo: v } : x)) }))} />
              <DateField label={`人员${i + 1}健康证有效期至`} name={`staff.${i}.healthCertExpiry`} value={s.healthCertExpiry} start={beijingToday()} onChange={(v) => update((d) => ({ ...d, staff: d.staff.map((x, j) => (j === i ? { ...x, healthCertExpiry: v } : x)) }))} />
              {draft.staff.length > 1 ? (
                <Text className='link-btn link-btn--danger' onClick={() => update((d) => ({ ...d, staff: d.staff.filter((_, j) => j !== i) }))} {...a11y({ role: 'button', label: `删除人员${i + 1}`, onActivate: () => update((d) => ({ ...d, staff: d.staff.filter((_, j) => j !== i) })) })}>
                  删除
                </Text>
              ) : null}
            </View>
          ))}
          <ActionButton onClick={() => update((d) => ({ ...d, staff: [...d.staff, { name: '', healthCertNo: '', healthCertExpiry: '' }] }))}>添加人员</ActionButton>
        </View>
      );
    case 'commitment': {
      const toggle = () => update((d) => ({ ...d, commitment: { ...d.commitment, signed: !d.commitment.signed } }));
      return (
        <View>
          <Text className='card__title'>食品安全承诺书</Text>
          <Text className='commitment'>{COMMITMENT_TEXT}</Text>
          <View className='check' id={fieldAnchor('commitment.signed')} onClick={toggle} {...a11y({ role: 'checkbox', checked: draft.commitment.signed, onActivate: toggle })}>
            <View className={cx('check__box', draft.commitment.signed && 'check__box--on')} {...a11y({ hidden: true })}>{draft.commitment.signed ? '✓' : ''}</View>
            <Text>我已阅读并承诺遵守</Text>
          </View>
          <Field label='签署人（输入申请人姓名）' name='commitment.signatureName' maxlength={30} value={draft.commitment.signatureName} onInput={(v) => update((d) => ({ ...d, commitment: { ...d.commitment, signatureName: v } }))} />
        </View>
      );
    }
    case 'licence':
      return (
        <View>
          <Text className='notice'>证照联办：同时申请个体工商户营业执照，与登记证一并审查、一次办结。</Text>
          <Field label='个体工商户名称' name='licence.businessName' required maxlength={50} value={draft.licence.businessName} onInput={(v) => update((d) => ({ ...d, licence: { ...d.licence, businessName: v } }))} />
          <Field label='经营者姓名' name='licence.operatorName' required maxlength={30} value={draft.licence.operatorName} onInput={(v) => update((d) => ({ ...d, licence: { ...d.licence, operatorName: v } }))} />
          <Text className='field__label'>组成形式 *</Text>
          <View className='chips' id={fieldAnchor('licence.form')}>
            {([['individual', '个人经营'], ['family', '家庭经营']] as const).map(([code, label]) => {
              const on = draft.licence.form === code;
              const pick = () => update((d) => ({ ...d, licence: { ...d.licence, form: code } }));
              return <Text key={code} className={cx('chip', on && 'chip--on')} onClick={pick} {...a11y({ role: 'radio', checked: on, onActivate: pick })}>{label}</Text>;
            })}
          </View>
          <Field label='经营范围' name='licence.scope' required multiline maxlength={200} value={draft.licence.scope} placeholder='如 食品小作坊生产（米面制品）' onInput={(v) => update((d) => ({ ...d, licence: { ...d.licence, scope: v } }))} />
        </View>
      );
    case 'review':
      return <Review draft={draft} view={view} goStep={goStep} />;
    default:
      return null;
  }
}

function Review({ draft, view, goStep }: { draft: FormDraft; view: RegistrationView | null; goStep: (i: number) => void }) {
  const missing = view?.checks.missing ?? [];
  const neg = view?.checks.negativeList ?? [];
  const rows: Array<[string, string, number]> = [
    ['申请人', `${draft.applicant.name} ${draft.applicant.phoneSaved ?? ''}`, 0],
    ['身份证号', draft.applicant.idNumberSaved ?? '未填写', 0],
    ['作坊名称', draft.workshop.name || '未填写', 1],
    ['地址', `${draft.workshop.regionName}${draft.workshop.address}` || '未填写', 1],
    ['类别', draft.workshop.categories.map((c) => CATEGORIES.find((x) => x.code === c)?.name ?? c).join('、') || '未选择', 2],
    ['品种', draft.products.filter((p) => p.trim()).join('、') || '未填写', 2],
    ['场所照片', `${draft.premises.photos.length} 张`, 3],
    ['设备', draft.equipment.filter((e) => e.name.trim()).map((e) => `${e.name}×${e.quantity}`).join('、') || '未填写', 4],
    ['从业人员', draft.staff.filter((s) => s.name.trim()).map((s) => s.name).join('、') || '未填写', 5],
    ['承诺书', draft.commitment.signed ? `已签署（${draft.commitment.signatureName}）` : '未签署', 6],
    ['营业执照', draft.licence.businessName || '未填写', 7],
  ];
  return (
    <View>
      {missing.length ? (
        <View className='errors' data-testid='missing' {...a11y({ role: 'alert' })}>
          <Text className='errors__item'>提交前还需补充以下材料：</Text>
          {missing.map((m) => <Text key={m} className='errors__item'>· {m}</Text>)}
        </View>
      ) : view ? (
        <Text className='notice reg-form__ready'>材料齐全，可以提交。</Text>
      ) : null}
      {neg.map((h) => <Text key={h.product} className='warn'>“{h.product}”属于禁止生产食品目录：{h.reason}</Text>)}
      {view?.checks.duplicates.length ? <Text className='notice'>同一地址已有作坊：{view.checks.duplicates.map((d) => d.name).join('、')}</Text> : null}
      {rows.map(([k, v, step]) => (
        <View key={k} className='kv'>
          <Text className='kv__k'>{k}</Text>
          <Text className='kv__v'>{v}</Text>
          <Text className='link-btn' onClick={() => goStep(step)} {...a11y({ role: 'button', label: `修改${k}`, onActivate: () => goStep(step) })}>修改</Text>
        </View>
      ))}
      <Text className='muted'>提交后将由{view?.office ?? '作坊所在地县级市场监督管理局'}审查：5个工作日内决定是否受理，受理后2个工作日内现场核查。</Text>
    </View>
  );
}

/**
 * The workshop's map point (optional): WeChat's map picker in the mini-program, the device's position on the
 * web (the owner stands in the workshop); without it the address text is enough. No coordinates to type.
 */
function LocationPick({ draft, update }: { draft: FormDraft; update: StepProps['update'] }) {
  const [state, setState] = useState<'idle' | 'busy' | 'failed'>('idle');
  const set = (p: { lat: number; lng: number } | null) => update((d) => ({ ...d, workshop: { ...d.workshop, lat: p ? String(p.lat) : '', lng: p ? String(p.lng) : '' } }));
  const pick = async () => {
    setState('busy');
    const p = await pickLocation();
    setState(p ? 'idle' : 'failed');
    if (p) set(p);
  };
  const has = !!draft.workshop.lat && !!draft.workshop.lng;
  return (
    <View className='field' id={fieldAnchor('workshop.location')} data-name='workshop.location'>
      <Text className='field__label'>地图位置（选填）</Text>
      {has ? <Text className='muted' data-testid='location-set'>已标注作坊位置（纬度 {draft.workshop.lat}，经度 {draft.workshop.lng}）</Text> : null}
      {canPickLocation ? (
        <View className='nav-row'>
          <ActionButton disabled={state === 'busy'} onClick={() => void pick()}>{state === 'busy' ? '正在定位…' : has ? '重新定位' : LOCATION_ACTION}</ActionButton>
          {has ? <ActionButton onClick={() => set(null)}>清除位置</ActionButton> : null}
        </View>
      ) : null}
      {state === 'failed' ? <Text className='field__hint'>未能获取位置（可能未授权定位）。位置可不填，审查人员按详细地址上门核查。</Text> : null}
      {!canPickLocation ? <Text className='field__hint'>此设备不能定位。位置可不填，审查人员按详细地址上门核查。</Text> : null}
    </View>
  );
}
