import { useEffect, useState } from 'react';
import { Picker, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { CATEGORIES } from '@shared/domain/categories';
import { PROGRAM_KINDS, PROGRAM_KIND_LABELS, QUOTA_SCOPES, QUOTA_SCOPE_LABELS, RULE_KIND_LABELS, levelOfRegion, PROGRAM_LEVEL_LABELS } from '@shared/domain/programs';
import { RISK_GRADES } from '@shared/domain/risk';
import type { CreateProgramBody, UpdateProgramBody } from '@shared/schemas/programs';
import ActionButton from '@/components/ActionButton';
import EmptyState from '@/components/EmptyState';
import Field from '@/components/Field';
import Page from '@/components/Page';
import { usePageData } from '@/hooks/usePageData';
import { creditApi } from '@/services/credit';
import { ApiError } from '@/services/request';
import { useAppState } from '@/store/app';
import { a11y } from '@/utils/a11y';
import { cx } from '@/utils/cx';
import { beijingToday } from '@/utils/time';
import AdminGate from '../components/AdminGate';
import Errors from '../components/Errors';
import Toggle from '../components/Toggle';
import { deskApi, type ProgramView } from '../lib/api';
import { emptyProgramForm, newMaterial, programBody, programFormOf, type ProgramForm, type RuleForm } from '../lib/programForm';
import { DESK_ROUTES } from '../lib/routes';
import '../lib/desk.scss';

/** 新建项目 / 修改项目 (?id=). */
export default function ProgramFormPage() {
  return <AdminGate><Loader /></AdminGate>;
}

function Loader() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const { state, retry } = usePageData<ProgramView | null>(() => (id ? deskApi.program(id) : Promise.resolve(null)), { deps: [id] });
  if (state.status === 'loading') return <Page><EmptyState status='loading' /></Page>;
  if (state.status !== 'ready') return <Page><EmptyState problem={state} onRetry={retry} /></Page>;
  return <Form program={state.data} />;
}

function Chip({ on, onPick, children, role = 'radio', name }: { on: boolean; onPick: () => void; children: string; role?: 'radio' | 'checkbox'; name?: string }) {
  return <Text className={cx('chip', on && 'chip--on')} data-chip={name} onClick={onPick} {...a11y({ role, checked: on, onActivate: onPick })}>{children}</Text>;
}

function DateField({ label, value, onChange, name }: { label: string; value: string; onChange: (v: string) => void; name: string }) {
  return (
    <View className='pd-grow' data-name={name}>
      <Text className='pd-label'>{label} *</Text>
      <Picker mode='date' value={value} onChange={(e) => onChange(String(e.detail.value))}>
        <View className='pd-picker' aria-label={label} {...a11y({ role: 'button' })}><Text>{value || '选择日期'}</Text><Text className='muted'>›</Text></View>
      </Picker>
    </View>
  );
}

function Form({ program }: { program: ProgramView | null }) {
  const { user } = useAppState();
  const editing = !!program;
  const [f, setF] = useState<ProgramForm>(() => (program ? programFormOf(program) : emptyProgramForm(user?.region ?? null, beijingToday())));
  const [errors, setErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [areas, setAreas] = useState<{ code: string; name: string }[]>([]);
  const set = (p: Partial<ProgramForm>) => setF((x) => ({ ...x, ...p }));
  const setRule = (i: number, p: Partial<RuleForm>) => setF((x) => ({ ...x, rules: x.rules.map((r, j) => (j === i ? { ...r, ...p } : r)) }));
  const setMaterial = (i: number, p: Partial<ProgramForm['materials'][number]>) => setF((x) => ({ ...x, materials: x.materials.map((m, j) => (j === i ? { ...m, ...p } : m)) }));

  // Where a new program may be issued: my own region, or one of the regions just below it.
  const own = user?.region ?? null;
  useEffect(() => {
    if (editing || !own || own.code.length >= 6) return;
    let live = true;
    creditApi.regions(own.code).then((l) => live && setAreas((l ?? []).map((r) => ({ code: r.code, name: r.name })))).catch(() => undefined);
    return () => { live = false; };
  }, [editing, own?.code]); // eslint-disable-line react-hooks/exhaustive-deps

  const save = async () => {
    const { body, errors: found } = programBody(f, editing ? 'edit' : 'create');
    setErrors(found);
    if (!body) { void Taro.pageScrollTo({ scrollTop: 0, duration: 200 }); return; }
    setBusy(true);
    try {
      const p = program ? await deskApi.updateProgram(program.id, body as UpdateProgramBody) : await deskApi.createProgram(body as CreateProgramBody);
      void Taro.showToast({ title: program ? '项目已保存' : '项目已创建', icon: 'success' });
      void Taro.redirectTo({ url: `${DESK_ROUTES.applications}?id=${p.id}` });
    } catch (e) {
      setErrors([e instanceof ApiError ? e.message : '保存失败，请稍后再试']);
      void Taro.pageScrollTo({ scrollTop: 0, duration: 200 });
    } finally {
      setBusy(false);
    }
  };

  const regionChoices = own ? [{ code: own.code.slice(0, 6), name: own.name }, ...areas] : [];
  return (
    <Page className='programs-desk-form'>
      <View className='card'>
        <Text className='card__title' {...a11y({ role: 'heading', level: 1 })}>{editing ? '修改项目' : '新建项目'}</Text>
        <Errors errors={errors} />
        <Field label='项目名称' name='program.name' required value={f.name} maxlength={60} onInput={(v) => set({ name: v })} />
        <Text className='pd-label'>项目类别 *</Text>
        {editing ? <Text className='pd-meta'>{PROGRAM_KIND_LABELS[program!.kind]}（创建后不可修改）</Text> : (
          <View className='chips' data-testid='kinds'>
            {PROGRAM_KINDS.map((k) => <Chip key={k} name={k} on={f.kind === k} onPick={() => set({ kind: k })}>{PROGRAM_KIND_LABELS[k]}</Chip>)}
          </View>
        )}
        <Text className='pd-label'>发布区域与级别 *</Text>
        {editing ? <Text className='pd-meta'>{program!.region.name} · {program!.levelLabel} · {program!.issuer}</Text> : (
          <View className='chips' data-testid='regions'>
            {regionChoices.map((r) => (
              <Chip key={r.code} name={r.code} on={f.region === r.code} onPick={() => set({ region: r.code, regionName: r.name })}>{`${r.name}（${PROGRAM_LEVEL_LABELS[levelOfRegion(r.code)]}）`}</Chip>
            ))}
          </View>
        )}
        <Field label='项目介绍' name='program.description' multiline maxlength={2000} value={f.description} onInput={(v) => set({ description: v })} />
        <Field label='徽章文字' name='program.badge' maxlength={20} value={f.badge} onInput={(v) => set({ badge: v })} hint='显示在作坊信用档案上，不填则为项目类别名称' />
      </View>

      <View className='card'>
        <Text className='card__title' {...a11y({ role: 'heading', level: 2 })}>名额与申报时间</Text>
        <Field label='每年名额' name='program.quota' required type='number' maxlength={5} value={f.quotaPerYear} onInput={(v) => set({ quotaPerYear: v })} />
        <Text className='pd-label'>名额计算方式</Text>
        <View className='chips'>
          {QUOTA_SCOPES.map((s) => <Chip key={s} name={s} on={f.quotaScope === s} onPick={() => set({ quotaScope: s })}>{QUOTA_SCOPE_LABELS[s]}</Chip>)}
        </View>
        <View className='pd-row'>
          <DateField label='申报开始日期' name='program.applyFrom' value={f.applyFrom} onChange={(v) => set({ applyFrom: v })} />
          <DateField label='申报截止日期' name='program.applyUntil' value={f.applyUntil} onChange={(v) => set({ applyUntil: v })} />
        </View>
      </View>

      <View className='card' data-testid='materials'>
        <Text className='card__title' {...a11y({ role: 'heading', level: 2 })}>申报材料</Text>
        {f.materials.map((m, i) => (
          <View key={m.code} className='pd-material'>
            <View className='pd-grow'><Field label={`材料${i + 1}名称`} name={`material.${i}`} value={m.label} maxlength={40} onInput={(v) => setMaterial(i, { label: v })} /></View>
            <Chip role='checkbox' on={m.required} onPick={() => setMaterial(i, { required: !m.required })}>必须提交</Chip>
            <ActionButton label={`删除材料${i + 1}`} onClick={() => set({ materials: f.materials.filter((_, j) => j !== i) })}>删除</ActionButton>
          </View>
        ))}
        {f.materials.length < 20 ? <ActionButton onClick={() => set({ materials: [...f.materials, newMaterial(f.materials)] })}>添加材料</ActionButton> : null}
      </View>

      <View className='card' data-testid='rules'>
        <Text className='card__title' {...a11y({ role: 'heading', level: 2 })}>申报条件</Text>
        <Text className='pd-note'>系统按作坊的登记、处罚、培训、自查等记录自动核验。</Text>
        {f.rules.map((r, i) => (
          <View key={r.kind} className='pd-rule' data-rule={r.kind}>
            <Toggle label={RULE_KIND_LABELS[r.kind]} name={`rule.${r.kind}`} checked={r.on} onChange={(on) => setRule(i, { on })} />
            {r.on ? <RuleParams r={r} set={(p) => setRule(i, p)} /> : null}
          </View>
        ))}
      </View>

      <View className='card'>
        <Text className='card__title' {...a11y({ role: 'heading', level: 2 })}>评审与公示</Text>
        <Field label='评审环节（评分项）' name='program.reviewSteps' value={f.reviewSteps} maxlength={300} onInput={(v) => set({ reviewSteps: v })} hint='用顿号分隔，如：材料审查、现场评审、集体审议；评分表按环节平均分配100分' />
        <Field label='批准前至少打分人数' name='program.minScores' type='number' maxlength={2} value={f.minScores} onInput={(v) => set({ minScores: v })} />
        <Field label='公示期（工作日）' name='program.noticeDays' type='number' maxlength={2} value={f.noticeDays} onInput={(v) => set({ noticeDays: v })} />
        <Field label='称号有效期（年）' name='program.validityYears' type='number' maxlength={2} value={f.validityYears} onInput={(v) => set({ validityYears: v })} />
      </View>

      <View className='card' data-testid='subsidy'>
        <Text className='card__title' {...a11y({ role: 'heading', level: 2 })}>带徒传艺补贴</Text>
        <Toggle label='设置带徒传艺补贴' name='subsidy' checked={f.subsidyOn} onChange={(v) => set({ subsidyOn: v })} />
        <Text className='pd-note'>适用于非遗传承人、工作室：按年度授徒学时发放，不足按比例。</Text>
        {f.subsidyOn ? (
          <>
            <Field label='每年补贴（元）' name='program.subsidyYuan' type='digit' maxlength={12} value={f.subsidyYuan} onInput={(v) => set({ subsidyYuan: v })} hint='以元为单位，最多两位小数' />
            <Field label='全额所需授徒学时' name='program.subsidyHours' type='digit' maxlength={6} value={f.subsidyHours} onInput={(v) => set({ subsidyHours: v })} />
          </>
        ) : null}
      </View>

      <View className='card' data-testid='revoke'>
        <Text className='card__title' {...a11y({ role: 'heading', level: 2 })}>称号复核</Text>
        <Text className='pd-note'>获得称号的作坊出现以下情形时，称号转为“待复核”。</Text>
        <Text className='pd-label'>新的行政处罚</Text>
        <View className='chips'>
          <Chip on={f.revokePenalty === 'any'} onPick={() => set({ revokePenalty: 'any' })}>任何处罚</Chip>
          <Chip on={f.revokePenalty === 'min'} onPick={() => set({ revokePenalty: 'min' })}>罚款达到金额</Chip>
          <Chip on={f.revokePenalty === 'none'} onPick={() => set({ revokePenalty: 'none' })}>不触发</Chip>
        </View>
        {f.revokePenalty === 'min' ? <Field label='罚款不低于（元）' name='program.revokeFine' type='digit' maxlength={12} value={f.revokeFineYuan} onInput={(v) => set({ revokeFineYuan: v })} /> : null}
        <Text className='pd-label'>抽检不合格</Text>
        <View className='chips'>
          <Chip on={f.revokeSample === 'any'} onPick={() => set({ revokeSample: 'any' })}>任何项目</Chip>
          <Chip on={f.revokeSample === 'items'} onPick={() => set({ revokeSample: 'items' })}>指定项目</Chip>
          <Chip on={f.revokeSample === 'none'} onPick={() => set({ revokeSample: 'none' })}>不触发</Chip>
        </View>
        {f.revokeSample === 'items' ? <Field label='检验项目' name='program.revokeItems' maxlength={300} value={f.revokeItems} onInput={(v) => set({ revokeItems: v })} hint='用顿号分隔，如：铅、苯甲酸' /> : null}
        <Toggle label='在项目列表中展示' name='active' checked={f.active} onChange={(v) => set({ active: v })} />
      </View>
      <ActionButton variant='primary' block disabled={busy} onClick={() => void save()}>{editing ? '保存修改' : '创建项目'}</ActionButton>
    </Page>
  );
}

function RuleParams({ r, set }: { r: RuleForm; set: (p: Partial<RuleForm>) => void }) {
  switch (r.kind) {
    case 'registered': return <Text className='pd-note'>已取得食品小作坊登记证且在有效期内</Text>;
    case 'no_penalty': return <Field label='近多少个月内无处罚' name='rule.months' type='number' maxlength={3} value={r.months} onInput={(v) => set({ months: v })} />;
    case 'training_hours': return <Field label='近12个月培训不少于（学时）' name='rule.hours' type='digit' maxlength={5} value={r.hours} onInput={(v) => set({ hours: v })} />;
    case 'years_in_business': return <Field label='登记经营满（年）' name='rule.years' type='number' maxlength={3} value={r.years} onInput={(v) => set({ years: v })} />;
    case 'self_check': return <Field label='近多少天内完成自查' name='rule.days' type='number' maxlength={3} value={r.days} onInput={(v) => set({ days: v })} />;
    case 'risk_grade':
      return (
        <View className='chips' aria-label='允许的风险等级'>
          {RISK_GRADES.map((g) => (
            <Chip key={g} role='checkbox' on={r.grades.includes(g)} onPick={() => set({ grades: r.grades.includes(g) ? r.grades.filter((x) => x !== g) : [...r.grades, g].sort() })}>{`${g} 级`}</Chip>
          ))}
        </View>
      );
    case 'category':
      return (
        <View className='chips' aria-label='生产类别'>
          {CATEGORIES.map((c) => (
            <Chip key={c.code} role='checkbox' on={r.categories.includes(c.code)} onPick={() => set({ categories: r.categories.includes(c.code) ? r.categories.filter((x) => x !== c.code) : [...r.categories, c.code] })}>{c.name}</Chip>
          ))}
        </View>
      );
  }
}
