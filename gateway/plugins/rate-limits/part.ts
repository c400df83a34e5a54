import { HeaderMap } from '@apollo/server';
import { GraphQLError, type GraphQLErrorExtensions } from 'graphql';
import { Redis } from 'ioredis';
import { Counter } from 'prom-client';
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Agency } from '#reference-data';
import { ErrorCode, type Logger, StartupRefusal } from '#service';
import type { GatewayPart } from '../../part.ts';
import { type RateLimitBudgets, rateLimitBudgetsFromEnv, wholeNumberSetting } from './budgets.ts';
import { clientAddress } from './client-address.ts';

/** Options of {@link rateLimits}; each defaults to its environment variable. */
export interface RateLimitsOptions {
  /** Default {@link rateLimitBudgetsFromEnv}. */
  budgets?: RateLimitBudgets;
  /** Where budgets are counted, shared by every replica of the gateway (`REDIS_URL`); unset: in this process's memory. */
  redisUrl?: string;
  /** Prefix of every key in Redis (`RATE_LIMIT_KEY_PREFIX`, default `rate-limit`): deployments sharing one Redis each need their own. */
  keyPrefix?: string;
  /** Reverse proxies before the gateway that append to `X-Forwarded-For` (`TRUSTED_PROXY_HOPS`, default 0): see {@link clientAddress}. */
  trustedProxyHops?: number;
  /** How long a start waits for Redis before it counts in memory instead, ms; default 2 s. */
  redisConnectMs?: number;
}

type BudgetKind = 'caller' | 'agency';

/**
 * Rate limits (issue 14, item 4), with rate-limiter-flexible: every GraphQL
 * request spends one from its caller's budget and one from its agency's
 * (see {@link RateLimitBudgets}), once its token is verified and before its
 * operation is even parsed; a request over either is answered 429 with
 * `Retry-After` and a `RATE_LIMITED` error, and nothing of it runs.
 *
 * In memory by default; with `REDIS_URL`, counted in Redis, so every replica
 * spends from the same budgets. Redis unreachable, each replica goes on
 * counting in its own memory (rate-limiter-flexible's insurance limiter) and
 * says so in its log: neither refusing every request (fail closed, which
 * would take the graph from the agencies with Redis) nor letting every
 * request through (fail open, which would remove the limits when an attack
 * has taken Redis down), at the cost of N replicas allowing up to N budgets
 * until Redis is back.
 *
 * Production requires this part; `RATE_LIMITS=off` leaves it empty elsewhere.
 */
export function rateLimits(options: RateLimitsOptions = {}): GatewayPart {
  return {
    name: 'rate-limits',
    setup: async ({ name, env, logger, registry }) => {
      const switched = env.RATE_LIMITS ?? 'on';
      if (switched !== 'on' && switched !== 'off') throw new StartupRefusal(`RATE_LIMITS must be on or off, got "${switched}"`);
      if (switched === 'off') {
        if (env.NODE_ENV === 'production')
          throw new StartupRefusal('RATE_LIMITS=off is refused in production: rate limits are required there');
        logger.warn('RATE_LIMITS=off: every request is answered, however many a caller sends (for development only)');
        return {};
      }
      const budgets = options.budgets ?? rateLimitBudgetsFromEnv(env);
      const hops = options.trustedProxyHops ?? wholeNumberSetting(env, 'TRUSTED_PROXY_HOPS', 0);
      const keyPrefix = options.keyPrefix ?? env.RATE_LIMIT_KEY_PREFIX ?? 'rate-limit';
      const redisUrl = options.redisUrl ?? env.REDIS_URL;
      const redis = redisUrl ? await connectRedis(redisUrl, logger, options.redisConnectMs ?? 2_000) : undefined;

      const limiters = new Map<string, RateLimiterAbstract>();
      const limiterOf = (kind: BudgetKind, agency: Agency, points: number) => {
        const prefix = `${keyPrefix}:${kind}:${agency}`;
        let limiter = limiters.get(prefix);
        if (!limiter) {
          const shape = { points, duration: budgets.windowSeconds, keyPrefix: prefix };
          limiter = redis
            ? new RateLimiterRedis({
                ...shape,
                storeClient: redis,
                // Redis not connected: straight to the insurance limiter, rather than waiting on a command that cannot be sent.
                rejectIfRedisNotReady: true,
                insuranceLimiter: new RateLimiterMemory(shape),
                // A key over its budget is refused from memory until its window ends, without asking Redis each time.
                inMemoryBlockOnConsumed: points + 1,
              })
            : new RateLimiterMemory(shape);
          limiters.set(prefix, limiter);
        }
        return limiter;
      };
      const refused = new Counter({
        name: 'graphql_rate_limited_total',
        help: 'Requests refused with 429 because their caller or their agency had spent its budget.',
        labelNames: ['service', 'budget', 'agency'],
        registers: [registry],
      });

      const spend = async (kind: BudgetKind, agency: Agency, key: string) => {
        const budget = (kind === 'caller' ? budgets.perCaller : budgets.perAgency)[agency];
        if (budget === 0) return;
        try {
          await limiterOf(kind, agency, budget).consume(key);
        } catch (rejection) {
          if (!(rejection instanceof RateLimiterRes)) throw rejection;
          refused.inc({ service: name, budget: kind, agency });
          throw new RateLimited(kind, agency, budget, budgets.windowSeconds, rejection.msBeforeNext);
        }
      };

      return {
        async admit(request, viewer) {
          const { agency } = viewer;
          await spend('caller', agency, agency === 'PUBLIC' ? clientAddress(request, hops) : viewer.sub);
          await spend('agency', agency, agency);
        },
        async stop() {
          redis?.disconnect();
        },
      };
    },
  };
}

/** A request over a budget: HTTP 429, `Retry-After` in whole seconds, and a code a client can act on. */
class RateLimited extends GraphQLError {
  constructor(kind: BudgetKind, agency: Agency, budget: number, windowSeconds: number, msBeforeNext: number) {
    const retryAfter = Math.max(1, Math.ceil(msBeforeNext / 1000));
    const whose = kind === 'agency' ? "this agency's callers together" : agency === 'PUBLIC' ? 'an anonymous caller' : 'a caller';
    // Apollo Server reads `http.headers` as a Map (a HeaderMap); graphql-yoga's typings, installed beside it, declare a record.
    const http = {
      status: 429,
      headers: new HeaderMap([['retry-after', String(retryAfter)]]),
    } as unknown as GraphQLErrorExtensions['http'];
    super(`Too many requests: ${whose} may send ${budget} every ${windowSeconds} s. Retry after ${retryAfter} s.`, {
      extensions: { code: ErrorCode.RATE_LIMITED, http },
    });
  }
}

/**
 * A Redis client for the limiters: commands fail at once while it is not
 * connected and after half a second without an answer (the insurance limiter
 * counts them), and it reconnects on its own. Waits for the first connection's
 * outcome, so a replica that starts with Redis up shares its budgets from its
 * first request; Redis down at start, the replica starts counting in memory.
 */
async function connectRedis(url: string, logger: Logger, waitMs: number): Promise<Redis> {
  const redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 500, connectTimeout: waitMs });
  let shared = false;
  redis.on('ready', () => {
    if (!shared) logger.info('rate limits counted in Redis, shared by every replica');
    shared = true;
  });
  // ioredis emits an error on each failed attempt: said once, until Redis is back.
  redis.on('error', (error: Error) => {
    if (shared) logger.warn({ err: error }, "Redis unreachable: rate limits counted in this replica's memory until it is back");
    shared = false;
  });
  // The first connection's outcome, or the wait's end: Redis refusing or unknown is known at once.
  await new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      redis.off('ready', done).off('error', done);
      resolve();
    };
    const timer = setTimeout(done, waitMs);
    redis.once('ready', done).once('error', done);
  });
  if (!shared) logger.warn("Redis unreachable at start: rate limits counted in this replica's memory until it is reached");
  return redis;
}
