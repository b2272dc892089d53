import type { Middleware } from 'koa';
import mongoose from 'mongoose';
import { RateLimiterMemory, RateLimiterMongo, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Config } from '../config';
import { tooManyRequests } from '../errors';
import type { AppContext } from '../http/types';

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

/**
 * A per-IP limit of one door (login, search), on top of the app-wide one: `name` keys its counters, `per`
 * reads its points per window from the configuration. The limiter is made on first use, one per app.
 */
export function routeIpLimit(name: string, per: (config: Config) => { points: number; durationSec: number }): Middleware {
  const limiters = new WeakMap<Config, RateLimiterAbstract>();
  return async (ctx, next) => {
    const config = (ctx as unknown as AppContext).services.config;
    let limiter = limiters.get(config);
    if (!limiter) {
      const { points, durationSec } = per(config);
      limiter = makeLimiter(config.rateLimit.store, name, points, durationSec);
      limiters.set(config, limiter);
    }
    await consume(limiter, ctx.ip);
    await next();
  };
}
