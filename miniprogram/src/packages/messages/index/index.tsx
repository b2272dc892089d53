import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import ActionButton from '@/components/ActionButton';
import EmptyState from '@/components/EmptyState';
import ListRow from '@/components/ListRow';
import Page from '@/components/Page';
import PagedList from '@/components/PagedList';
import { usePagedList } from '@/hooks/usePagedList';
import { messageUrl, messagesApi, refreshUnread, type Message } from '@/services/messages';
import { showUnreadBadge } from '@/services/tabBadge';
import { go, redirectToLogin } from '@/services/navigation';
import { useAppState } from '@/store/app';
import { a11y } from '@/utils/a11y';
import { cx } from '@/utils/cx';
import { beijingDateTime } from '@/utils/time';
import './index.scss';

type Filter = 'unread' | 'all';
const FILTERS: Array<{ key: Filter; label: string }> = [{ key: 'unread', label: '未读' }, { key: 'all', label: '全部' }];

/**
 * 消息: what the platform asks of me (补正, 整改, 抽检后处理, 延续, 举报进展, 奖励…), newest first. Opening a
 * message marks it read and goes to the page where it is answered.
 */
export default function Messages() {
  const { user } = useAppState();
  const [filter, setFilter] = useState<Filter>('unread');
  const [unread, setUnread] = useState<number | null>(null);
  const list = usePagedList<Message>(async (page) => {
    const r = await messagesApi.list(page, filter);
    setUnread(r.unread);
    showUnreadBadge(r.unread);
    return r;
  }, { deps: [filter], enabled: !!user, onShow: true, pullDownRefresh: true });

  if (!user) {
    return (
      <Page className='msgs'>
        <EmptyState status='forbidden' title='请先登录' description='登录后查看需要您处理的事项：补正、整改、抽检后处理、登记证延续、举报进展等。' actions={[{ text: '登录', onClick: () => redirectToLogin(), variant: 'primary' }]} />
      </Page>
    );
  }

  const open = async (m: Message) => {
    if (!m.read) {
      // Marked read before leaving; a failure is not worth stopping the person (it stays unread).
      const r = await messagesApi.read(m.id).catch(() => null);
      if (r) {
        list.setItems((items) => (filter === 'unread' ? items.filter((x) => x.id !== m.id) : items.map((x) => (x.id === m.id ? { ...x, read: true } : x))));
        setUnread((n) => (n ? n - 1 : 0));
        void refreshUnread();
      }
    }
    const url = messageUrl(m.page);
    if (url) go(url);
  };
  const readAll = async () => {
    const r = await messagesApi.readAll();
    setUnread(r.unread);
    showUnreadBadge(r.unread);
    void list.reload();
  };

  return (
    <Page className='msgs'>
      <Text className='section-title' {...a11y({ role: 'heading', level: 1 })}>消息{unread ? `（${unread} 条未读）` : ''}</Text>
      <View className='msgs__bar'>
        <View className='chips' role='radiogroup' aria-label='显示'>
          {FILTERS.map((f) => {
            const pick = () => setFilter(f.key);
            return <Text key={f.key} className={cx('chip', filter === f.key && 'chip--on')} onClick={pick} {...a11y({ role: 'radio', checked: filter === f.key, onActivate: pick })}>{f.label}</Text>;
          })}
        </View>
        {unread ? <ActionButton onClick={() => void readAll()}>全部标为已读</ActionButton> : null}
      </View>
      <PagedList
        list={list}
        errorTitle='消息加载失败'
        empty={filter === 'unread'
          ? { title: '没有未读消息', description: '需要您处理的事项会出现在这里。', actions: [{ text: '查看全部消息', onClick: () => setFilter('all') }] }
          : { title: '暂无消息', description: '补正、整改、抽检后处理、登记证延续、举报进展等会出现在这里。' }}
      >
        {(items) => (
          <View className='list card'>
            {items.map((m) => (
              <ListRow key={m.id} data-message={m.id} className={cx('msgs__row', !m.read && 'msgs__row--unread')} onOpen={() => void open(m)}
                aside={m.page ? undefined : null}>
                <Text className='msgs__title'>
                  {!m.read ? <Text className='msgs__dot' {...a11y({ label: '未读' })} /> : null}
                  {m.title}
                </Text>
                <Text className='list-row__desc'>{m.body}</Text>
                <Text className='msgs__time'>{beijingDateTime(m.createdAt)}{m.read ? ' · 已读' : ''}</Text>
              </ListRow>
            ))}
          </View>
        )}
      </PagedList>
    </Page>
  );
}
