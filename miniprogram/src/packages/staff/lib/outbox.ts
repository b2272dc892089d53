// Weak network on site: a finished inspection goes into a local queue (Taro storage) with its
// client-generated id and is sent now, and again whenever the network comes back, until the server
// has it. The server stores one record per clientId, so a send that timed out after the server saved
// it is harmless when repeated.
import Taro from '@tarojs/taro';
import { ApiError, api } from '@/services/request';
import { onBackOnline } from './network';

const KEY = 'xzf.staff.outbox';
const DRAFT_PREFIX = 'xzf.staff.draft.';

export interface QueuedInspection {
  clientId: string;
  workshopName: string;
  queuedAt: string;
  body: Record<string, unknown>;
  /** Last refusal by the server (a 4xx): kept for the inspector to see, not retried. */
  error?: string;
}

function read(): QueuedInspection[] {
  try {
    const v = Taro.getStorageSync(KEY);
    return Array.isArray(v) ? (v as QueuedInspection[]) : [];
  } catch {
    return [];
  }
}
function write(list: QueuedInspection[]) {
  try {
    Taro.setStorageSync(KEY, list);
  } catch {
    // Storage full: the entry stays in memory for this run only.
  }
}

export const outbox = {
  list: read,
  add(item: QueuedInspection) {
    write([...read().filter((q) => q.clientId !== item.clientId), item]);
  },
  remove(clientId: string) {
    write(read().filter((q) => q.clientId !== clientId));
  },
};

let flushing: Promise<{ sent: number; left: number }> | null = null;

/** Sends what is queued, oldest first. Network failures leave an entry for the next try. */
export function flushOutbox(): Promise<{ sent: number; left: number }> {
  flushing ??= (async () => {
    let sent = 0;
    for (const item of read()) {
      if (item.error) continue;
      try {
        await api.post('/inspections', item.body, { toast: false });
        outbox.remove(item.clientId);
        sent++;
      } catch (e) {
        if (e instanceof ApiError && e.status >= 400 && e.status < 500 && e.status !== 401 && e.status !== 429) {
          // Refused for good (out of region, bad data): keep it visible with the reason.
          write(read().map((q) => (q.clientId === item.clientId ? { ...q, error: e.message } : q)));
        } else {
          break; // offline or server trouble: try again later, keep the order
        }
      }
    }
    return { sent, left: read().length };
  })().finally(() => {
    flushing = null;
  });
  return flushing;
}

let stop: (() => void) | null = null;
/** Retry the queue whenever the device comes back online (once per app run). */
export function watchOutbox(onSent?: (n: number) => void): void {
  if (stop) return;
  stop = onBackOnline(() => {
    void flushOutbox().then((r) => {
      if (r.sent) {
        void Taro.showToast({ title: `已补传 ${r.sent} 条检查记录`, icon: 'none' });
        onSent?.(r.sent);
      }
    });
  });
}

export const drafts = {
  key: (workshopId: string) => DRAFT_PREFIX + workshopId,
  read<T>(workshopId: string): T | null {
    try {
      const v = Taro.getStorageSync(DRAFT_PREFIX + workshopId);
      return v ? (v as T) : null;
    } catch {
      return null;
    }
  },
  write(workshopId: string, value: unknown) {
    try {
      Taro.setStorageSync(DRAFT_PREFIX + workshopId, value);
    } catch {
      // ignore: the form still holds it
    }
  },
  clear(workshopId: string) {
    try {
      Taro.removeStorageSync(DRAFT_PREFIX + workshopId);
    } catch {
      // ignore
    }
  },
};
