import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import ActionButton from '@/components/ActionButton';
import EmptyState from '@/components/EmptyState';
import ErrorSummary, { jumpToField, type FormIssue } from '@/components/ErrorSummary';
import Field from '@/components/Field';
import DateField from '@/components/DateField';
import Page from '@/components/Page';
import { notFound } from '@/hooks/pageProblem';
import { usePageData } from '@/hooks/usePageData';
import { a11y } from '@/utils/a11y';
import { cx } from '@/utils/cx';
import { fieldAnchor } from '@/utils/fieldAnchor';
import { beijingToday } from '@/utils/time';
import { supervisionApi, type Sample } from '../lib/supervision';
import { uuid4 } from '../lib/uuid';
import WorkshopPicker from '../lib/WorkshopPicker';
import '../lib/staff.scss';

const split = (s: string) => s.split(/[,，、;；\s]+/).map((x) => x.trim()).filter(Boolean);

/**
 * 监督抽检: record a sample and its lab result (不合格 opens a follow-up), or with ?id= close the
 * follow-up of a failed sample with its disposal (后处理率 100%).
 */
export default function SamplePage() {
  const { params } = useRouter();
  return params.id ? <FollowUp id={params.id} /> : <NewSample />;
}

function NewSample() {
  const [workshop, setWorkshop] = useState<{ id: string; name: string } | null>(null);
  const [f, setF] = useState({ product: '', batch: '', items: '', sampledAt: beijingToday(), lab: '', reportNo: '', failedItems: '' });
  const [result, setResult] = useState<'pass' | 'fail' | null>(null);
  // After a refused submit the problems are listed at the top and recomputed as the form is fixed.
  const [checking, setChecking] = useState(false);
  const [clientId] = useState(uuid4);
  const [saved, setSaved] = useState<Sample | null>(null);
  const set = (k: keyof typeof f) => (v: string) => setF({ ...f, [k]: v });

  if (!workshop) return <Page className='sample'><WorkshopPicker onPick={setWorkshop} /></Page>;
  if (saved) {
    return (
      <Page className='sample'>
        <View className='card' {...a11y({ role: 'status' })}>
          <Text className='card__title'>抽检结果已录入</Text>
          <Text className='muted'>{saved.product}：{saved.resultLabel}{saved.followUp.status === 'open' ? `，已开启后处理（期限 ${saved.followUp.due}）` : ''}</Text>
          <ActionButton block onClick={() => void Taro.navigateBack()}>返回</ActionButton>
        </View>
      </Page>
    );
  }
  const issues = (): FormIssue[] => {
    const p: FormIssue[] = [];
    if (!f.product.trim()) p.push({ field: 'product', message: '请填写样品名称' });
    if (!f.batch.trim()) p.push({ field: 'batch', message: '请填写批次号或生产日期' });
    if (!split(f.items).length) p.push({ field: 'items', message: '请至少填写一个检验项目' });
    if (!/^\d{4}-\d{2}-\d{2}$/.test(f.sampledAt)) p.push({ field: 'sampledAt', message: '请选择抽样日期' });
    if (!result) p.push({ field: 'result', message: '请选择检验结论' });
    if (result === 'fail' && !split(f.failedItems).length) p.push({ field: 'failedItems', message: '不合格时须填写不合格项目' });
    return p;
  };
  const submit = async () => {
    const p = issues();
    if (p.length) {
      setChecking(true);
      if (p[0].field) jumpToField(p[0].field);
      return;
    }
    const { confirm } = await Taro.showModal({ title: '录入抽检结果', content: `${workshop.name}「${f.product}」检验${result === 'pass' ? '合格' : '不合格'}，提交后公示。`, confirmText: '提交' });
    if (!confirm) return;
    setSaved(await supervisionApi.recordSample({
      clientId, workshopId: workshop.id, product: f.product.trim(), batch: f.batch.trim(), items: split(f.items), sampledAt: f.sampledAt, result,
      ...(f.lab.trim() ? { lab: f.lab.trim() } : {}), ...(f.reportNo.trim() ? { reportNo: f.reportNo.trim() } : {}),
      ...(result === 'fail' ? { failedItems: split(f.failedItems) } : {}),
    }));
  };
  return (
    <Page className='sample'>
      <View className='card'>
        <Text className='card__title' {...a11y({ role: 'heading', level: 1 })}>{workshop.name}</Text>
        <ErrorSummary issues={checking ? issues() : []} />
        <Field label='样品名称' name='product' value={f.product} onInput={set('product')} maxlength={50} required />
        <Field label='批次号或生产日期' name='batch' value={f.batch} onInput={set('batch')} maxlength={50} required />
        <Field label='检验项目' name='items' value={f.items} onInput={set('items')} hint='多个项目用顿号或逗号分隔，如 黄曲霉毒素B1、苯甲酸' required />
        <DateField label='抽样日期' name='sampledAt' value={f.sampledAt} onChange={set('sampledAt')} end={beijingToday()} required />
        <Field label='检验机构' name='lab' value={f.lab} onInput={set('lab')} maxlength={80} />
        <Field label='检验报告编号' name='reportNo' value={f.reportNo} onInput={set('reportNo')} maxlength={50} />
        <Text className='field__label'>检验结论</Text>
        <View className='chips' id={fieldAnchor('result')} role='radiogroup' aria-label='检验结论'>
          {(['pass', 'fail'] as const).map((r) => (
            <Text key={r} className={cx('chip', result === r && 'chip--on', r === 'fail' && 'chip--fail')} onClick={() => setResult(r)} {...a11y({ role: 'radio', checked: result === r, onActivate: () => setResult(r) })}>
              {r === 'pass' ? '合格' : '不合格'}
            </Text>
          ))}
        </View>
        {result === 'fail' ? <Field label='不合格项目' name='failedItems' value={f.failedItems} onInput={set('failedItems')} required /> : null}
        <ActionButton variant='primary' block onClick={() => void submit()}>提交抽检结果</ActionButton>
      </View>
    </Page>
  );
}

function FollowUp({ id }: { id: string }) {
  const page = usePageData(() => (/^[a-f0-9]{24}$/.test(id) ? supervisionApi.sample(id) : Promise.reject(notFound())), { deps: [id] });
  const [disposal, setDisposal] = useState('');
  const [problem, setProblem] = useState('');
  if (page.state.status !== 'ready') {
    const { state } = page;
    return (
      <Page className='sample'>
        {state.status === 'loading' ? <EmptyState status='loading' /> : null}
        {state.status === 'missing' ? <EmptyState problem={state} title='未找到该抽检记录' /> : null}
        {state.status === 'forbidden' || state.status === 'error' ? <EmptyState problem={state} onRetry={page.retry} /> : null}
      </Page>
    );
  }
  const s = page.state.data;
  const close = async () => {
    if (!disposal.trim()) { setProblem('请填写处置情况'); return; }
    const { confirm } = await Taro.showModal({ title: '完成后处理', content: '确认该不合格样品已处置完毕？', confirmText: '确认' });
    if (!confirm) return;
    try {
      page.setData(await supervisionApi.closeFollowUp(id, disposal.trim()));
    } catch {
      // the request layer showed the reason
    }
  };
  return (
    <Page className='sample'>
      <View className='card'>
        <Text className='card__title' {...a11y({ role: 'heading', level: 1 })}>{s.workshop.name}：{s.product}</Text>
        <View className='kv'><Text className='kv__k'>结论</Text><Text className={cx('kv__v', s.result === 'fail' && 'kv__v--danger')}>{s.resultLabel}{s.failedItems?.length ? `（${s.failedItems.join('、')}）` : ''}</Text></View>
        <View className='kv'><Text className='kv__k'>后处理</Text><Text className={cx('kv__v', s.followUp.overdue && 'kv__v--danger')}>{s.followUp.statusLabel}{s.followUp.due ? `（期限 ${s.followUp.due}）` : ''}</Text></View>
        {s.followUp.disposal ? <View className='kv'><Text className='kv__k'>处置情况</Text><Text className='kv__v'>{s.followUp.disposal}</Text></View> : null}
        {s.followUp.status === 'open' ? (
          <View className='action-panel'>
            <Field label='处置情况' name='disposal' value={disposal} onInput={setDisposal} multiline maxlength={500} placeholder='下架召回、销毁、立案等' required />
            {problem ? <Text className='errors' {...a11y({ role: 'alert' })}>{problem}</Text> : null}
            <ActionButton variant='primary' block onClick={() => void close()}>完成后处理</ActionButton>
          </View>
        ) : null}
      </View>
    </Page>
  );
}
