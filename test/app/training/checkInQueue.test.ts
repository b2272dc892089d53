// Check-in on a weak network: scans wait in storage with their scanId and are sent when the network is back;
// a scan answered by the server leaves the queue, one not answered stays (and is sent again with the same id).
import { enqueueScan, flushScans, queuedScans } from '@/packages/training/lib/checkInQueue';
import { mockResponder, resetTaro, type RequestCall } from '../support/taro';

beforeEach(() => resetTaro());

test('queued offline, sent once back, de-duplicated by scanId', async () => {
  let online = false;
  const sent: RequestCall[] = [];
  mockResponder((req) => {
    if (!online) throw { errMsg: 'request:fail' };
    sent.push(req);
    const scans = (req.data as { scans: Array<{ scanId: string; bookingId?: string }> }).scans;
    return { statusCode: 200, data: { data: scans.map((s) => ({ scanId: s.scanId, result: 'attended', bookingId: s.bookingId ?? null, attendeeName: '李*英', replayed: false })) } };
  });
  const a = enqueueScan('s1', { code: 'AB12CD34EF56' });
  enqueueScan('s1', { bookingId: 'b'.repeat(24), scanId: a.scanId }); // the same scanId is not queued twice
  enqueueScan('s1', { bookingId: 'c'.repeat(24) });
  expect(queuedScans('s1')).toHaveLength(2);
  expect(a.scanId).toMatch(/^[A-Za-z0-9_-]{8,64}$/);

  const off = await flushScans('s1');
  expect(off).toMatchObject({ offline: true, left: 2 });
  expect(queuedScans('s1')).toHaveLength(2);

  online = true;
  const on = await flushScans('s1');
  expect(on).toMatchObject({ offline: false, left: 0 });
  expect(on.sent.map((r) => r.result)).toEqual(['attended', 'attended']);
  expect(queuedScans('s1')).toEqual([]);
  expect(sent).toHaveLength(1);
  expect((sent[0].data as { scans: Array<{ scanId: string }> }).scans[0].scanId).toBe(a.scanId);
  expect(sent[0].url).toContain('/sessions/s1/check-ins');
  expect(await flushScans('s1')).toEqual({ sent: [], offline: false, left: 0 });
});
