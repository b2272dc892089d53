// Check-in on a weak network (as pretixSCAN does): every scan gets a client scanId and goes into a queue in
// storage first; the queue is sent when the network allows, and the server de-duplicates by scanId, so a
// scan sent twice (a lost answer, a retry) counts once.
import { readStorage, writeStorage } from '@/store/storage';
import { ApiError } from '@/services/request';
import { trainingApi, type CheckInResult, type Scan } from './api';

const key = (sessionId: string) => `xzf.training.scans.${sessionId}`;

export const queuedScans = (sessionId: string): Scan[] => readStorage<Scan[]>(key(sessionId)) ?? [];

export function newScanId(): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let s = Date.now().toString(36);
  while (s.length < 24) s += chars[Math.floor(Math.random() * chars.length)];
  return s;
}

/** Adds a scan to the session's queue (a scanId already queued is not added twice). */
export function enqueueScan(sessionId: string, scan: Omit<Scan, 'scanId' | 'scannedAt'> & { scanId?: string }): Scan {
  const full: Scan = { ...scan, scanId: scan.scanId ?? newScanId(), scannedAt: new Date().toISOString() };
  const q = queuedScans(sessionId);
  if (!q.some((s) => s.scanId === full.scanId)) writeStorage(key(sessionId), [...q, full]);
  return full;
}

export type FlushOutcome = { sent: CheckInResult[]; offline: boolean; left: number };

/**
 * Sends the queued scans (up to 200 at a time). Answered scans leave the queue; on a network failure
 * they stay for the next try. Other failures (the session was finished, no permission) are thrown.
 */
export async function flushScans(sessionId: string): Promise<FlushOutcome> {
  const q = queuedScans(sessionId);
  if (!q.length) return { sent: [], offline: false, left: 0 };
  const batch = q.slice(0, 200);
  try {
    const sent = await trainingApi.checkIn(sessionId, batch);
    const done = new Set(sent.map((r) => r.scanId));
    const left = queuedScans(sessionId).filter((s) => !done.has(s.scanId));
    writeStorage(key(sessionId), left.length ? left : null);
    return { sent, offline: false, left: left.length };
  } catch (e) {
    if (e instanceof ApiError && (e.status === 0 || e.status >= 500)) return { sent: [], offline: true, left: q.length };
    throw e;
  }
}

export const RESULT_TEXT: Record<CheckInResult['result'], string> = {
  attended: '签到成功',
  already: '已签到过',
  unknown: '签到码无效',
  not_allowed: '报名未成功，不能签到',
};
