import type { Middleware } from 'koa';
import mongoose from 'mongoose';
import { RateLimiterMemory, RateLimiterMongo, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { tooManyRequests } from '../errors';

export type LimiterStore = 'memory' | 'mongo';

// Memory counters are per instance; with several instances behind a load balancer set
// RATE_LIMIT_STORE=mongo so they share counts (needs a real MongoDB).
export function makeLimiter(store: LimiterStore, keyPrefix: string, points: number, durationSec = 60): RateLimiterAbstract {
  if (store === 'mongo') {
    return new RateLimiterMongo({ storeClient: mongoose.connection, dbName: mongoose.connection.name, keyPrefix, points, duration: durationSec });
  }
  return new RateLimiterMemory({ keyPrefix, points, duration: durationSec });
}

async function consume(limiter: RateLimiterAbstract, key: string) {
  try {
    await limiter.consume(key);
  } catch (e) {
    if (e instanceof RateLimiterRes) throw tooManyRequests(Math.max(1, Math.ceil(e.msBeforeNext / 1000)));
    throw e;
  }
}

/** Per client IP, before anything expensive. */
export function ipRateLimit(limiter: RateLimiterAbstract): Middleware {
  return async (ctx, next) => {
    await consume(limiter, ctx.ip);
    await next();
  };
}

/** Per signed-in user, after authentication. */
export function userRateLimit(limiter: RateLimiterAbstract): Middleware {
  return async (ctx, next) => {
    if (ctx.state.user) await consume(limiter, String(ctx.state.user._id));
    await next();
  };
}
