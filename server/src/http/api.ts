// A thin layer over @koa/router: every route declares its schemas once, and that declaration both
// validates the request and writes the route into the OpenAPI document, so the two cannot drift.
import { METHODS } from 'node:http';
import Router from '@koa/router';
import type { Middleware } from 'koa';
import { z } from 'zod';
import type { ZodOpenApiOperationObject, ZodOpenApiPathsObject, ZodOpenApiResponseObject } from 'zod-openapi';
import { ERROR_MESSAGES } from '@shared/domain/errors';
import type { Role } from '@shared/domain/roles';
import { ErrorResponse } from '@shared/schemas/common';
import { AppError, badRequest } from '../errors';
import { requireUser } from '../middlewares/auth';
import type { ApiContext } from './types';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type AnyObject = z.ZodType<Record<string, unknown>>;

export interface RouteSpec<P extends AnyObject, Q extends AnyObject, B extends z.ZodType> {
  summary: string;
  description?: string;
  tags: string[];
  /** false: public; 'optional': user when a valid token is sent; true or roles: login required. */
  auth: false | 'optional' | true | Role[];
  params?: P;
  query?: Q;
  body?: B;
  /** Successful response schema (JSON), or a description and the content types of a non-JSON answer. */
  response?: z.ZodType | { status?: number; description: string; contentType?: string | string[] };
  status?: number;
  /**
   * Every error status the route or its commands can answer, besides those the declaration implies (400 with
   * params, query or body; 401 and 403 with a login; 413 with a body; 429 always). Outside production an
   * answer with a status that is not declared is reported (a 500 in tests), like a response off its schema.
   */
  errors?: number[];
  /**
   * Further answers: a description alone for one without a body (304 for a route that honours If-None-Match),
   * or with the JSON schema of a body that is not the usual ErrorResponse (a payment callback's own format).
   */
  also?: Record<number, string | { description: string; schema: z.ZodType }>;
  /** How the body arrives: JSON (default) or a multipart form parsed by an `extra` middleware (uploads). */
  bodyType?: 'json' | 'multipart';
}

const ERROR_TEXT: Record<number, string> = {
  400: '请求参数有误', 401: '未登录或登录已过期', 403: '无权限或不在管辖区域', 404: '不存在',
  409: '状态冲突', 413: '内容过大', 415: '请求体不是 JSON', 416: '请求的范围无效', 422: '不符合业务规则', 429: '请求过于频繁',
};

/** The error statuses a route declares: its `errors` and those its declaration implies. */
function errorStatuses(spec: RouteSpec<AnyObject, AnyObject, z.ZodType>): number[] {
  const errs = new Set(spec.errors ?? []);
  if (spec.params || spec.query || spec.body) errs.add(400);
  // A login answers 401 without a valid token and 403 for a disabled account or a role the route does not take.
  if (spec.auth === true || Array.isArray(spec.auth)) { errs.add(401); errs.add(403); }
  // JSON bodies past BODY_LIMIT_KB (the multipart upload declares its own limit), or sent as another type.
  if (spec.body && spec.bodyType !== 'multipart') { errs.add(413); errs.add(415); }
  errs.add(429);
  return [...errs].sort((a, b) => a - b);
}

/** Every status a route can answer: its success, the `also` answers and its errors. */
function declaredStatuses(spec: RouteSpec<AnyObject, AnyObject, z.ZodType>): Set<number> {
  const res = spec.response;
  const ok = res && !(res instanceof z.ZodType) && res.status ? res.status : spec.status ?? 200;
  return new Set([ok, ...Object.keys(spec.also ?? {}).map(Number), ...errorStatuses(spec)]);
}

/** A request body is required when the server refuses an empty one (a missing body is read as {}). */
const bodyRequired = (body: z.ZodType) => !body.safeParse({}).success;

/**
 * Static segments before parameters ("/workshops/mine" before "/workshops/:id"), whatever order the domains
 * declared their routes in: a sort key of 0 (static) and 1 (parameter) per segment.
 */
function bySpecificity(a: string, b: string): number {
  const ka = a.split('/').map((x) => (x.startsWith(':') ? 1 : 0));
  const kb = b.split('/').map((x) => (x.startsWith(':') ? 1 : 0));
  for (let i = 0; i < Math.min(ka.length, kb.length); i++) if (ka[i] !== kb[i]) return ka[i] - kb[i];
  return ka.length - kb.length;
}

export class ApiRouter {
  readonly paths: ZodOpenApiPathsObject = {};
  private readonly declared: { method: Method; path: string; middleware: Middleware[] }[] = [];
  private built: Router | null = null;

  /**
   * checkResponses: JSON answers are checked against the declared schema (a drift throws → 500).
   * checkStatuses: an answer whose status the route does not declare throws (→ 500) or is logged.
   */
  constructor(readonly prefix: string, private readonly opts: { checkResponses?: boolean; checkStatuses?: 'throw' | 'log' } = {}) {}

  /** The @koa/router with every declared route, the more specific paths first (built on first use). */
  get router(): Router {
    if (!this.built) {
      // Every method Node parses counts as implemented, so TRACE or CONNECT on a route answer 405 with Allow, not 501.
      this.built = new Router({ prefix: this.prefix, methods: [...METHODS] });
      for (const r of [...this.declared].sort((a, b) => bySpecificity(a.path, b.path))) this.built[r.method](r.path, ...r.middleware);
    }
    return this.built;
  }

  route<P extends AnyObject = AnyObject, Q extends AnyObject = AnyObject, B extends z.ZodType = z.ZodType>(
    method: Method,
    path: string,
    spec: RouteSpec<P, Q, B>,
    handler: (ctx: ApiContext<z.output<P>, z.output<Q>, z.output<B>>) => Promise<void> | void,
    ...extra: Middleware[]
  ): this {
    const middleware: Middleware[] = [];
    if (this.opts.checkStatuses) middleware.push(statusCheck(declaredStatuses(spec), `${method.toUpperCase()} ${this.prefix}${path}`, this.opts.checkStatuses));
    if (spec.auth === true || Array.isArray(spec.auth)) middleware.push(requireUser(Array.isArray(spec.auth) ? spec.auth : undefined));
    middleware.push(...extra);
    if (spec.body && spec.bodyType !== 'multipart') middleware.push(jsonOnly());
    middleware.push(validate(spec));
    const check = this.opts.checkResponses && spec.response instanceof z.ZodType ? spec.response : null;
    if (this.built) throw new Error(`route ${method} ${path} declared after the router was built`);
    this.declared.push({ method, path, middleware: [...middleware, async (ctx, next) => {
      // The context was built by the middleware above: validate() set `input` from these schemas.
      await handler(ctx as unknown as ApiContext<z.output<P>, z.output<Q>, z.output<B>>);
      if (spec.status && ctx.status === 200) ctx.status = spec.status;
      if (check && ctx.status < 300 && ctx.body != null) {
        // Cacheable answers are already serialized (http/cache.ts computes their ETag).
        const body = typeof ctx.body === 'string' && ctx.response.is('json') ? JSON.parse(ctx.body) : ctx.body;
        assertResponse(check, body, `${method.toUpperCase()} ${this.prefix}${path}`);
      }
      void next;
    }] });
    this.document(method, path, spec);
    return this;
  }

  private document(method: Method, path: string, spec: RouteSpec<AnyObject, AnyObject, z.ZodType>) {
    const oaPath = `${this.prefix}${path}`.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const status = String(spec.status ?? 200);
    const responses: Record<string, ZodOpenApiResponseObject> = {};
    const res = spec.response;
    if (!res) responses[status] = { description: '成功' };
    else if (res instanceof z.ZodType) responses[status] = { description: '成功', content: { 'application/json': { schema: res } } };
    else {
      const types = res.contentType === undefined ? [] : Array.isArray(res.contentType) ? res.contentType : [res.contentType];
      const content = Object.fromEntries(types.map((t) => [t, { schema: { type: 'string' as const, format: 'binary' } }]));
      responses[String(res.status ?? status)] = { description: res.description, ...(types.length ? { content } : {}) };
    }
    for (const [code, a] of Object.entries(spec.also ?? {})) {
      responses[code] = typeof a === 'string' ? { description: a } : { description: a.description, content: { 'application/json': { schema: a.schema } } };
    }
    for (const code of errorStatuses(spec)) {
      responses[String(code)] = { description: ERROR_TEXT[code] ?? '错误', content: { 'application/json': { schema: ErrorResponse } } };
    }
    const op: ZodOpenApiOperationObject = {
      summary: spec.summary,
      description: spec.description,
      tags: spec.tags,
      // zod-openapi types requestParams as its own ZodObject type; ours are the same objects (`as never`).
      ...(spec.params || spec.query ? { requestParams: { ...(spec.params ? { path: spec.params as never } : {}), ...(spec.query ? { query: spec.query as never } : {}) } } : {}),
      responses,
      ...(spec.auth === false ? { security: [] } : spec.auth === 'optional' ? { security: [{}, { bearer: [] }] } : {}),
    };
    if (spec.body) op.requestBody = { required: bodyRequired(spec.body), content: { [spec.bodyType === 'multipart' ? 'multipart/form-data' : 'application/json']: { schema: spec.body } } };
    this.paths[oaPath] = { ...(this.paths[oaPath] ?? {}), [method]: op };
  }

  routes(): Middleware {
    return this.router.routes() as unknown as Middleware;
  }

  /** OPTIONS answers Allow; a method a path does not take answers 405 with Allow and the usual error body. */
  allowedMethods(): Middleware {
    const allowed = this.router.allowedMethods() as unknown as Middleware;
    return async (ctx, next) => {
      await allowed(ctx, next);
      if (ctx.status === 405 && ctx.body == null) methodNotAllowed(ctx, ctx.response.get('Allow').split(/,\s*/));
    };
  }
}

/**
 * For what is served outside the router (the OpenAPI document, the docs, the portal): true, after answering,
 * when the method is not one of `allow` (HEAD goes with GET): OPTIONS gets 204 with Allow, any other 405.
 */
export function refuseMethod(ctx: Parameters<Middleware>[0], allow: string[] = ['GET', 'HEAD']): boolean {
  if (allow.includes(ctx.method)) return false;
  if (ctx.method === 'OPTIONS') {
    ctx.status = 204;
    ctx.set('Allow', [...allow, 'OPTIONS'].join(', '));
  } else {
    methodNotAllowed(ctx, allow);
  }
  return true;
}

function methodNotAllowed(ctx: Parameters<Middleware>[0], allow: string[]): void {
  ctx.status = 405;
  ctx.set('Allow', allow.join(', '));
  ctx.body = { error: { code: 'request.method_not_allowed', message: ERROR_MESSAGES['request.method_not_allowed'], requestId: ctx.state.requestId } };
}

/**
 * Outside production: an answer's status must be one the route declares (they are the document's responses).
 * Runs first in the route, so it sees the errors of the login check, the validation and the handler.
 */
function statusCheck(declared: Set<number>, route: string, mode: 'throw' | 'log'): Middleware {
  const report = (ctx: Parameters<Middleware>[0], status: number) => {
    const message = `${route} answered ${status}, which its declaration does not list (errors in http/api.ts RouteSpec)`;
    if (mode === 'throw') throw new Error(message);
    ctx.state.log?.warn({ status }, message);
  };
  return async (ctx, next) => {
    try {
      await next();
    } catch (e) {
      if (e instanceof AppError && !declared.has(e.status)) report(ctx, e.status);
      throw e;
    }
    if (!declared.has(ctx.status)) report(ctx, ctx.status);
  };
}

/**
 * Development and test only: the answer must match the route's declared schema, so a document missing a
 * field fails the test that produced it instead of blanking a page. Throws (→ 500, logged with the issues).
 */
function assertResponse(schema: z.ZodType, body: unknown, route: string): void {
  const r = schema.safeParse(body);
  if (r.success) return;
  const issues = r.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
  throw new Error(`response of ${route} does not match its schema: ${issues}`);
}

/**
 * A JSON route refuses a body of another type (text/plain, a form, multipart) with 415: the JSON parser leaves
 * such a body unread and an empty one would pass for `{}` (a draft created from a form post). No body at all
 * (a POST without content) is still `{}`.
 */
function jsonOnly(): Middleware {
  return async (ctx, next) => {
    const hasBody = ctx.get('Transfer-Encoding') !== '' || Number(ctx.get('Content-Length') || 0) > 0;
    const type = ctx.get('Content-Type').split(';')[0].trim().toLowerCase();
    if (hasBody && type !== 'application/json' && !type.endsWith('+json')) {
      throw new AppError(415, 'request.unsupported_media_type', '请以 JSON 格式（Content-Type: application/json）提交');
    }
    await next();
  };
}

function validate(spec: RouteSpec<AnyObject, AnyObject, z.ZodType>): Middleware {
  return async (ctx, next) => {
    const c = ctx as unknown as ApiContext<unknown, unknown, unknown>;
    const issues: z.core.$ZodIssue[] = [];
    const parse = (schema: z.ZodType | undefined, value: unknown, where: string) => {
      if (!schema) return value;
      const r = schema.safeParse(value);
      if (r.success) return r.data;
      for (const i of r.error.issues) issues.push({ ...i, path: [where, ...i.path] });
      return undefined;
    };
    c.input = {
      params: parse(spec.params, { ...ctx.params }, 'params'),
      query: parse(spec.query, { ...ctx.query }, 'query'),
      body: parse(spec.body, (ctx.request as { body?: unknown }).body ?? {}, 'body'),
    };
    if (issues.length) {
      throw badRequest('request.invalid', describe(issues[0]), issues.map((i) => ({ path: i.path.join('.'), message: i.message, code: i.code })));
    }
    await next();
  };
}

// The first problem in plain Chinese (zod speaks zh-CN, see shared/src/zod.ts), naming the field.
function describe(issue: z.core.$ZodIssue): string {
  const field = issue.path.slice(1).join('.');
  return field ? `${field}：${issue.message}` : issue.message;
}
