import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import ActionButton from '@/components/ActionButton';
import EmptyState from '@/components/EmptyState';
import Page from '@/components/Page';
import { usePageData } from '@/hooks/usePageData';
import { ApiError, showError } from '@/services/request';
import { readStorage, writeStorage } from '@/store/storage';
import { a11y } from '@/utils/a11y';
import { cx } from '@/utils/cx';
import { beijingDateTime } from '@/utils/time';
import DeskGate from '../../components/DeskGate';
import MessageForm from '../../components/MessageForm';
import SessionFacts from '../../components/SessionFacts';
import { trainingApi, type Roster, type RosterEntry } from '../../lib/api';
import { RESULT_TEXT, enqueueScan, flushScans, queuedScans } from '../../lib/checkInQueue';
import { deskApi } from '../../lib/deskApi';
import '../../lib/training.scss';

const cacheKey = (id: string) => `xzf.training.roster.${id}`;
const ORDER = ['attended', 'confirmed', 'offered', 'held', 'waitlisted', 'absent', 'cancelled', 'expired'];
/** Who a message tells (as the server does): bookings with a seat; the line on request. */
const SEATED = ['held', 'confirmed', 'offered', 'attended'];

/** A session's desk: publish or cancel it, the roster, check-in by scan or by list (queued offline), 结束培训. */
export default function RosterPage() {
  return <DeskGate><Desk /></DeskGate>;
}

function Desk() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const [pending, setPending] = useState(() => queuedScans(id));
  const [messaging, setMessaging] = useState(false);
  // The roster is kept on the phone: on a weak network the desk still shows who booked.
  const { state, retry, reload, setData } = usePageData<{ roster: Roster; cached: boolean }>(async () => {
    try {
      const roster = await trainingApi.roster(id);
      writeStorage(cacheKey(id), roster);
      return { roster, cached: false };
    } catch (e) {
      const cached = readStorage<Roster>(cacheKey(id));
      if (cached && e instanceof ApiError && e.status === 0) return { roster: cached, cached: true };
      throw e;
    }
  }, { deps: [id], pullDownRefresh: true });

  const send = async (quietly = false) => {
    try {
      const out = await flushScans(id);
      setPending(queuedScans(id));
      if (out.offline) {
        if (!quietly) void Taro.showToast({ title: `网络不可用，${out.left} 条签到已保存，联网后自动上传`, icon: 'none', duration: 2500 });
        return;
      }
      if (out.sent.length === 1) {
        const r = out.sent[0];
        void Taro.showToast({ title: `${r.attendeeName ?? ''}${RESULT_TEXT[r.result]}`, icon: r.result === 'attended' ? 'success' : 'none' });
      } else if (out.sent.length > 1) {
        const ok = out.sent.filter((r) => r.result === 'attended').length;
        void Taro.showToast({ title: `已上传 ${out.sent.length} 条签到，新签到 ${ok} 人`, icon: 'none' });
      }
      if (out.sent.length) void reload();
    } catch {
      setPending(queuedScans(id));
    }
  };

  // Back online: send what was queued.
  useEffect(() => {
    void send(true);
    const onChange = (r: { isConnected: boolean }) => { if (r.isConnected) void send(true); };
    const t = Taro as unknown as { onNetworkStatusChange?: (f: typeof onChange) => void; offNetworkStatusChange?: (f: typeof onChange) => void };
    t.onNetworkStatusChange?.(onChange);
    return () => t.offNetworkStatusChange?.(onChange);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id]);

  if (state.status === 'loading') return <Page><EmptyState status='loading' /></Page>;
  if (state.status !== 'ready') return <Page><EmptyState problem={state} onRetry={retry} /></Page>;
  const { roster, cached } = state.data;
  const s = roster.session;
  const queuedIds = new Set(pending.map((p) => p.bookingId).filter(Boolean));

  const scan = async () => {
    try {
      const r = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] });
      const code = String(r.result ?? '').trim().toUpperCase();
      if (!/^[A-Z0-9]{12}$/.test(code)) { void Taro.showToast({ title: '不是本平台的签到码', icon: 'none' }); return; }
      enqueueScan(id, { code });
      setPending(queuedScans(id));
      await send();
    } catch (e) {
      // A cancelled scan says nothing; where there is no camera scan (a desktop browser), say what to do.
      const msg = String((e as { errMsg?: string })?.errMsg ?? '');
      if (!/cancel/i.test(msg)) void Taro.showToast({ title: '无法扫码，请在微信小程序中扫码或按名单签到', icon: 'none', duration: 2500 });
    }
  };
  const checkInByList = async (e: RosterEntry) => {
    enqueueScan(id, { bookingId: e.id });
    setPending(queuedScans(id));
    await send();
  };
  const patch = async (status: 'open' | 'cancelled') => {
    const { confirm } = await Taro.showModal(status === 'open'
      ? { title: '发布场次', content: '发布后业主即可报名。确认发布？', confirmText: '发布' }
      : { title: '取消场次', content: '取消后所有报名将自动取消并通知报名人，收费场次按规则退款。确认取消该场次？', confirmText: '取消场次', confirmColor: '#b91c1c', cancelText: '再想想' });
    if (!confirm) return;
    try {
      const session = await trainingApi.updateSession(id, { status });
      setData({ roster: { ...roster, session }, cached: false });
      void reload();
    } catch {
      // toasted
    }
  };
  const finish = async () => {
    if (pending.length) {
      await send();
      if (queuedScans(id).length) { void Taro.showModal({ title: '还有签到未上传', content: '请联网上传全部签到后再结束培训。', showCancel: false }); return; }
    }
    const attended = (roster.counts.attended ?? 0);
    const { confirm } = await Taro.showModal({
      title: '结束培训',
      content: `已签到 ${attended} 人将获得培训证书，未签到者记为缺席、不发证书。结束后不能再签到。确认结束？`,
      confirmText: '结束培训',
    });
    if (!confirm) return;
    try {
      const session = await trainingApi.finish(id);
      setData({ roster: { ...roster, session }, cached: false });
      void Taro.showToast({ title: session.certificatesPending ? '培训已结束，证书生成中' : '培训已结束，证书已发放', icon: 'none' });
      void reload();
    } catch {
      // toasted
    }
  };

  const exportRoster = () => void deskApi.exportRoster(id, `${s.course.title}-名单.xlsx`).catch(showError);

  const entries = [...roster.entries].sort((a, b) => ORDER.indexOf(a.status) - ORDER.indexOf(b.status));
  const countText = ORDER.filter((k) => roster.counts[k]).map((k) => `${entries.find((e) => e.status === k)?.statusLabel ?? k} ${roster.counts[k]}`).join(' · ');
  return (
    <Page className='training-roster'>
      {cached ? <Text className='notice' data-testid='roster-cached'>网络不可用，显示的是手机上保存的名单</Text> : null}
      <View className='card tr-head'>
        <Text className='tr-title' {...a11y({ role: 'heading', level: 1 })}>{s.course.title}</Text>
        <SessionFacts s={s} />
        <View className='tr-actions'>
          {s.status === 'draft' ? <ActionButton variant='primary' onClick={() => void patch('open')}>发布</ActionButton> : null}
          {s.status === 'open' ? <ActionButton variant='primary' onClick={() => void scan()}>扫码签到</ActionButton> : null}
          {s.status === 'open' ? <ActionButton onClick={() => void finish()}>结束培训</ActionButton> : null}
          {s.status === 'draft' || s.status === 'open' ? <ActionButton variant='danger' onClick={() => void patch('cancelled')}>取消场次</ActionButton> : null}
        </View>
      </View>
      <View className='tr-links'>
        <ActionButton onClick={exportRoster}>导出名单（Excel）</ActionButton>
        {s.status === 'open' || s.status === 'finished' ? <ActionButton onClick={() => setMessaging(true)}>群发通知</ActionButton> : null}
      </View>
      {messaging ? (
        <MessageForm
          sessionId={id}
          seated={roster.entries.filter((e) => SEATED.includes(e.status)).length}
          waiting={roster.entries.filter((e) => e.status === 'waitlisted').length}
          onClose={() => setMessaging(false)}
        />
      ) : null}
      {pending.length ? (
        <View className='card'>
          <Text className='tr-queue' data-testid='pending-scans'>{pending.length} 条签到待上传（联网后自动上传）</Text>
          <ActionButton onClick={() => void send()}>立即上传</ActionButton>
        </View>
      ) : null}
      <Text className='section-title'>名单{countText ? `（${countText}）` : ''}</Text>
      {entries.length ? (
        <View className='list card'>
          {entries.map((e) => {
            const queued = queuedIds.has(e.id);
            const canCheckIn = s.status === 'open' && e.status === 'confirmed' && !queued;
            return (
              <View key={e.id} className='list-row' data-entry={e.id}>
                <View className='list-row__main'>
                  <Text className='tr-row__title'>{e.attendee.name}{e.attendee.phoneMasked ? ` · ${e.attendee.phoneMasked}` : ''}</Text>
                  <Text className='list-row__desc'>{e.workshop.name}</Text>
                  {e.checkedInAt ? <Text className='list-row__desc'>签到于 {beijingDateTime(e.checkedInAt)}</Text> : null}
                  {e.certificateNo ? <Text className='list-row__desc'>证书 {e.certificateNo}</Text> : null}
                  {roster.session.course.quiz && e.status === 'attended' && !e.certificateNo ? (
                    <Text className='list-row__desc' data-quiz-state={e.id}>{e.quiz?.passed ? '考核已通过' : e.quiz?.triesUsed ? `考核未通过（已作答${e.quiz.triesUsed}次）` : '未参加考核'}</Text>
                  ) : null}
                </View>
                {canCheckIn ? <ActionButton variant='primary' label={`为${e.attendee.name}签到`} onClick={() => void checkInByList(e)}>签到</ActionButton> : (
                  <Text className={cx('tr-state', e.status !== 'attended' && e.status !== 'confirmed' && 'tr-state--muted')}>
                    {queued ? '已签到（待上传）' : e.status === 'waitlisted' ? `候补第${e.waitlistPosition ?? '?'}位` : e.statusLabel}
                  </Text>
                )}
              </View>
            );
          })}
        </View>
      ) : <EmptyState status='empty' title='还没有人报名' />}
    </Page>
  );
}
