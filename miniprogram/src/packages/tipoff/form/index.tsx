import { useEffect, useState } from 'react';
import { Image, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { SubmitTipoffBody } from '@shared/schemas/tipoff';
import { TIPOFF_CONSENT_TEXT, TIPOFF_DESCRIPTION_MAX, TIPOFF_KIND_LABELS, TIPOFF_KINDS, TIPOFF_MAX_MEDIA } from '@shared/domain/tipoff';
import ActionButton from '@/components/ActionButton';
import ErrorSummary, { type FormIssue } from '@/components/ErrorSummary';
import Field, { TextArea } from '@/components/Field';
import Page from '@/components/Page';
import { redirectToLogin } from '@/services/navigation';
import { useAppState } from '@/store/app';
import { a11y } from '@/utils/a11y';
import { cx } from '@/utils/cx';
import { fieldAnchor } from '@/utils/fieldAnchor';
import { DECORATIVE_IMG } from '@/utils/img';
import Check from '../components/Check';
import ReceiptCard from '../components/ReceiptCard';
import RegionPicker from '@/components/RegionPicker';
import WorkshopSearch from '../components/WorkshopSearch';
import { tipoffApi, type Receipt } from '../lib/api';
import { locationLabel, pickPoint } from '../lib/location';
import { mediaLabel, mediaHint, pickMedia } from '../lib/media';
import { clearDraft, emptyDraft, loadDraft, saveDraft, saveReceipt, type Draft } from '../lib/storage';
import { uploadAll } from '../lib/upload';
import '../lib/tipoff.scss';

/** The request body from the draft: only what the chosen options need. */
function bodyOf(d: Draft) {
  return {
    kind: d.kind,
    ...(d.kind === 'violation' && d.workshop ? { workshopId: d.workshop.id } : {}),
    region: d.region,
    ...(d.location ? { location: d.location } : {}),
    ...(d.address.trim() ? { address: d.address.trim() } : {}),
    description: d.description,
    media: d.media.map((m) => m.id),
    anonymous: d.anonymous,
    ...(d.anonymous ? {} : { reporter: { name: d.name.trim(), phone: d.phone.trim() } }),
    consent: d.consent as true,
  };
}

/** From a credit file's "举报此作坊": the draft is about that workshop (kind, workshop and region filled in). */
function aboutWorkshop(draft: Draft, p: Partial<Record<string, string>>): Draft {
  const id = p.workshopId ?? '';
  if (!/^[a-f0-9]{24}$/.test(id) || draft.workshop?.id === id) return draft;
  const dec = (v: string | undefined) => { try { return decodeURIComponent(v ?? ''); } catch { return ''; } };
  const region = /^(\d{6}|\d{9})$/.test(p.region ?? '') ? p.region! : '';
  const workshop = { id, name: dec(p.name) || '所选作坊', regionCode: region, regionName: dec(p.regionName) };
  return { ...draft, kind: 'violation', workshop, ...(region ? { region, regionName: workshop.regionName } : {}) };
}

export default function TipoffForm() {
  const { user } = useAppState();
  const { params } = useRouter();
  const [d, setD] = useState<Draft>(() => aboutWorkshop(loadDraft() ?? emptyDraft(), params));
  // After a refused submit the problems are listed at the top and recomputed as the person fixes them.
  const [checking, setChecking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  const restored = useState(() => !!loadDraft())[0];

  // Every change is kept on the device: the report survives a closed app or a trip to the login page.
  useEffect(() => {
    if (!receipt) saveDraft(d);
  }, [d, receipt]);

  const set = (patch: Partial<Draft>) => {
    setD((x) => ({ ...x, ...patch }));
  };

  /** Every problem that stops the submit, in people's words, with the field to jump to. */
  const issuesOf = (x: Draft): FormIssue[] => {
    const out: FormIssue[] = [];
    if (!x.anonymous && !user) out.push({ field: 'anonymous', message: '实名举报请先登录，或改为匿名举报' });
    if (!x.region) out.push({ field: 'region', message: '请在“在哪里”一栏选择问题发生地所在的区县或乡镇（决定由哪个监管所办理）' });
    const checked = SubmitTipoffBody.safeParse(bodyOf(x));
    if (!checked.success) {
      for (const i of checked.error.issues) {
        const key = String(i.path[0] ?? '');
        if (key === 'region' && !x.region) continue; // said above, in words
        const field = key === 'reporter' ? String(i.path[1] ?? 'name') : key;
        if (!out.some((o) => o.message === i.message)) out.push({ field: field || undefined, message: i.message });
      }
    }
    return out;
  };
  const issues = checking ? issuesOf(d) : [];

  const locate = async () => {
    const p = await pickPoint();
    if (!p) {
      void Taro.showToast({ title: '未能获取位置，请填写地址', icon: 'none' });
      return;
    }
    set({ location: { lat: p.lat, lng: p.lng }, ...(p.address && !d.address ? { address: p.address } : {}) });
  };

  const addMedia = async () => {
    const picked = await pickMedia(TIPOFF_MAX_MEDIA - d.media.length);
    const uploaded = await uploadAll(picked.slice(0, TIPOFF_MAX_MEDIA - d.media.length));
    if (uploaded.length) setD((x) => ({ ...x, media: [...x.media, ...uploaded].slice(0, TIPOFF_MAX_MEDIA) }));
  };
  const removeMedia = (id: string) => setD((x) => ({ ...x, media: x.media.filter((m) => m.id !== id) }));

  const reset = async () => {
    const r = await Taro.showModal({ title: '清空草稿', content: '已填写的内容将被清空，确定吗？', confirmText: '清空', cancelText: '保留' });
    if (!r.confirm) return;
    clearDraft();
    setD(emptyDraft());
  };

  const submit = async () => {
    if (issuesOf(d).length) {
      setChecking(true);
      void Taro.pageScrollTo({ scrollTop: 0, duration: 200 }).catch(() => undefined);
      return;
    }
    const ok = await Taro.showModal({
      title: '确认提交举报',
      content: d.anonymous ? '匿名提交后不能修改。提交后会显示回执码和查询凭证，请妥善保存。' : '实名提交后不能修改。您的身份信息将加密保存，仅承办人员经审批可见。',
      confirmText: '提交',
      cancelText: '再看看',
    });
    if (!ok.confirm) return;
    setBusy(true);
    try {
      const r = await tipoffApi.submit(bodyOf(d));
      saveReceipt({ code: r.receiptCode, token: r.token, at: new Date().toISOString(), summary: d.description.trim().slice(0, 40) });
      clearDraft();
      setReceipt(r);
      void Taro.pageScrollTo({ scrollTop: 0, duration: 0 });
    } catch {
      // the request layer showed the message
    } finally {
      setBusy(false);
    }
  };

  if (receipt) {
    return (
      <Page className='tipoff-form'>
        <ReceiptCard receipt={receipt} />
      </Page>
    );
  }

  return (
    <Page className='tipoff-form'>
      <View className='card'>
        <Text className='card__title' {...a11y({ role: 'heading', level: 1 })}>举报黑作坊</Text>
        <Text className='tp-hint'>无需登录即可匿名举报。举报人信息严格保密，不会告知被举报人。</Text>
        {restored ? (
          <View className='tp-picked'>
            <Text className='tp-picked__text'>已恢复上次未提交的草稿</Text>
            <ActionButton onClick={reset}>清空</ActionButton>
          </View>
        ) : null}
      </View>

      <ErrorSummary issues={issues} />

      <View className='card'>
        <Text className='tp-label' {...a11y({ role: 'heading', level: 2 })}>举报什么<Text className='tp-req'> *</Text></Text>
        <View className='chips' id={fieldAnchor('kind')}>
          {TIPOFF_KINDS.map((k) => (
            <Text key={k} className={cx('chip', d.kind === k && 'chip--on')} data-kind={k}
              onClick={() => set({ kind: k })} {...a11y({ role: 'radio', checked: d.kind === k, onActivate: () => set({ kind: k }) })}>
              {TIPOFF_KIND_LABELS[k]}
            </Text>
          ))}
        </View>
        {d.kind === 'violation' ? (
          d.workshop ? (
            <View className='tp-picked'>
              <Text className='tp-picked__text'>被举报作坊：{d.workshop.name}</Text>
              <ActionButton onClick={() => set({ workshop: null })} label='重选被举报的作坊'>重选</ActionButton>
            </View>
          ) : (
            <View id={fieldAnchor('workshopId')}><WorkshopSearch onPick={(w) => set({
              workshop: { id: w.id, name: w.name, regionCode: w.region.code, regionName: w.region.name },
              ...(d.region ? {} : { region: w.region.code, regionName: w.region.name }),
            })} /></View>
          )
        ) : (
          <Text className='tp-hint'>没有登记证、在家中或隐蔽场所生产食品的，选“无证生产”。</Text>
        )}
      </View>

      <View className='card'>
        <Text className='tp-label' {...a11y({ role: 'heading', level: 2 })}>在哪里<Text className='tp-req'> *</Text></Text>
        <Text className='tp-hint'>所在区域（决定由哪个监管所办理）</Text>
        <RegionPicker value={d.region} valueName={d.regionName} onChange={(code, name) => set({ region: code, regionName: name })} />
        <Field label='详细地址' name='address' value={d.address} maxlength={200} placeholder='街道、门牌号或明显标志' onInput={(v) => set({ address: v })} />
        {d.location ? (
          <View className='tp-picked'>
            <Text className='tp-picked__text'>已定位（{d.location.lat.toFixed(5)}，{d.location.lng.toFixed(5)}）</Text>
            <ActionButton onClick={() => set({ location: null })} label='清除定位'>清除</ActionButton>
          </View>
        ) : (
          <ActionButton onClick={locate}>{locationLabel}</ActionButton>
        )}
      </View>

      <View className='card'>
        <Text className='tp-label' {...a11y({ role: 'heading', level: 2 })}>情况描述<Text className='tp-req'> *</Text></Text>
        <TextArea label='情况描述' name='description' value={d.description} maxlength={TIPOFF_DESCRIPTION_MAX} rows={5}
          placeholder='生产什么、什么时间、发现了什么问题' onInput={(v) => set({ description: v })} />

        <Text className='tp-label'>{mediaLabel}（选填）</Text>
        <Text className='tp-hint'>{mediaHint}</Text>
        {d.media.length ? (
          <View className='photos tp-photos'>
            {d.media.map((m, i) => (
              <View key={m.id} className='photo tp-photo'>
                {m.preview ? (
                  <Image className='photo__img' src={m.preview} mode='aspectFill' {...a11y({ role: 'img', label: `第${i + 1}个${m.kind === 'video' ? '视频' : '照片'}` })} {...DECORATIVE_IMG} />
                ) : (
                  <Text className='tp-photo__ph'>{m.kind === 'video' ? '视频' : '照片'}{i + 1}（已上传）</Text>
                )}
                <View className='tp-photo__remove' onClick={() => removeMedia(m.id)} {...a11y({ role: 'button', label: `删除第${i + 1}个${m.kind === 'video' ? '视频' : '照片'}`, onActivate: () => removeMedia(m.id) })}>
                  <Text className='tp-photo__x' {...a11y({ hidden: true })}>×</Text>
                </View>
              </View>
            ))}
          </View>
        ) : null}
        {d.media.length < TIPOFF_MAX_MEDIA ? <ActionButton onClick={addMedia}>添加{mediaLabel}{d.media.length ? `（已${d.media.length}个）` : ''}</ActionButton> : null}
      </View>

      <View className='card'>
        <Text className='tp-label' {...a11y({ role: 'heading', level: 2 })}>举报方式</Text>
        <View className='chips' id={fieldAnchor('anonymous')}>
          {[true, false].map((anon) => (
            <Text key={String(anon)} className={cx('chip', d.anonymous === anon && 'chip--on')} data-anonymous={String(anon)}
              onClick={() => set({ anonymous: anon })} {...a11y({ role: 'radio', checked: d.anonymous === anon, onActivate: () => set({ anonymous: anon }) })}>
              {anon ? '匿名举报' : '实名举报'}
            </Text>
          ))}
        </View>
        {d.anonymous ? (
          <Text className='tp-hint'>匿名举报不留身份信息，凭回执码和查询凭证查询进度；查实后也可登录领取奖励。</Text>
        ) : user ? (
          <View>
            <Text className='tp-hint'>姓名和手机号加密单独保存，仅承办人员说明理由后可见，每次查看都有记录。</Text>
            <Field label='姓名' name='name' required value={d.name} maxlength={30} onInput={(v) => set({ name: v })} />
            <Field label='手机号' name='phone' required type='number' value={d.phone} maxlength={11} onInput={(v) => set({ phone: v })} />
          </View>
        ) : (
          <View>
            <Text className='tp-hint'>实名举报需先登录（微信登录核验身份）。已填写的内容会保留。</Text>
            <ActionButton variant='primary' onClick={() => redirectToLogin()}>登录后实名举报</ActionButton>
          </View>
        )}
      </View>

      <View className='card'>
        <Check name='consent' checked={d.consent} onChange={(v) => set({ consent: v })}>{TIPOFF_CONSENT_TEXT}</Check>
      </View>

      {issues.length ? <Text className='tp-error'>还有 {issues.length} 处需要修改，见页面顶部的提示。</Text> : null}
      <ActionButton variant='primary' block disabled={busy} onClick={submit}>{busy ? '提交中…' : '提交举报'}</ActionButton>
    </Page>
  );
}
