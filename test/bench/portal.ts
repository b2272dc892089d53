// The H5 portal's home page on a throttled phone (issue 15 point 11): largest contentful paint and the bytes
// sent, with compression as served and, for comparison, with the browser accepting no encoding. Profile:
// 1.6 Mbit/s down, 750 kbit/s up, 150 ms round trip, CPU 4× slower (Chrome's "slow 4G"-like profile the
// walkthrough measured with). Median of BENCH_LCP_RUNS loads, each in a fresh browser context (cold cache).
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium } from 'playwright-core';
import { findChromium } from '../e2e/browser';

export interface PortalLoad { lcpMs: number | null; bytes: number; requests: number }
export interface PortalReport { runs: number; compressed: PortalLoad; uncompressed: PortalLoad; targetMs: number }

const PROFILE = { latency: 150, downloadThroughput: (1.6e6 / 8), uploadThroughput: (750e3 / 8), cpu: 4 };
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN; };

/** Null when there is no Chromium or no H5 build to load (the bench says so). */
export async function portalLoad(handler: http.RequestListener, dist: string, runs = 3): Promise<PortalReport | { skipped: string }> {
  const exe = findChromium();
  if (!exe) return { skipped: 'no Chromium (install chromium or set CHROMIUM_PATH)' };
  if (!fs.existsSync(path.join(dist, 'index.html'))) return { skipped: `no H5 build in ${dist} (npm run build:h5)` };
  const server = http.createServer(handler).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: exe, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  try {
    const once = async (identity: boolean): Promise<PortalLoad> => {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', ...(identity ? { extraHTTPHeaders: { 'Accept-Encoding': 'identity' } } : {}) });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: PROFILE.latency, downloadThroughput: PROFILE.downloadThroughput, uploadThroughput: PROFILE.uploadThroughput });
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: PROFILE.cpu });
      let bytes = 0;
      let requests = 0;
      cdp.on('Network.loadingFinished', (e: { encodedDataLength: number }) => { bytes += e.encodedDataLength; requests += 1; });
      const res = await page.goto(`${base}/pages/home/index`, { waitUntil: 'networkidle', timeout: 120_000 });
      if (res?.status() !== 200) throw new Error(`portal: the home page answered ${res?.status() ?? 'nothing'}`);
      await page.locator('.home__hero-title').waitFor({ timeout: 120_000 }); // the app has rendered
      // The LCP entry is final once the page is idle; read the latest one recorded.
      const lcp = await page.evaluate(() => new Promise<number | null>((resolve) => {
        let last: number | null = null;
        new PerformanceObserver((list) => { for (const e of list.getEntries()) last = e.startTime; }).observe({ type: 'largest-contentful-paint', buffered: true });
        setTimeout(() => resolve(last), 500);
      }));
      await context.close();
      return { lcpMs: lcp, bytes, requests };
    };
    const pick = async (identity: boolean): Promise<PortalLoad> => {
      const loads: PortalLoad[] = [];
      for (let i = 0; i < runs; i++) loads.push(await once(identity));
      const lcps = loads.map((l) => l.lcpMs).filter((x): x is number => x != null);
      return { lcpMs: lcps.length ? median(lcps) : null, bytes: median(loads.map((l) => l.bytes)), requests: median(loads.map((l) => l.requests)) };
    };
    return { runs, compressed: await pick(false), uncompressed: await pick(true), targetMs: 2500 };
  } finally {
    await browser.close();
    await new Promise((r) => server.close(r));
  }
}
