// The router does not depend on the order the domains declare their routes in: a static segment wins over
// a parameter ("/workshops/mine" is not read as the workshop "mine"), whichever was declared first.
import Koa from 'koa';
import request from 'supertest';
import { z } from 'zod';
import { ApiRouter } from '../../../server/src/http/api';
import { errorHandler } from '../../../server/src/middlewares/errors';

function appWith(declare: (api: ApiRouter) => void) {
  const api = new ApiRouter('/api', { checkResponses: true });
  declare(api);
  const app = new Koa();
  app.use(errorHandler());
  app.use(api.routes());
  return request(app.callback());
}

const Id = z.strictObject({ id: z.string().regex(/^[a-f0-9]{24}$/) });
const Answer = z.object({ route: z.string() });
const byId = (api: ApiRouter) => api.route('get', '/things/:id', { summary: 'one', tags: [], auth: false, params: Id, response: Answer }, (ctx) => { ctx.body = { route: `id ${ctx.input.params.id}` }; });
const mine = (api: ApiRouter) => api.route('get', '/things/mine', { summary: 'mine', tags: [], auth: false, response: Answer }, (ctx) => { ctx.body = { route: 'mine' }; });

it.each([
  ['parameter first', (api: ApiRouter) => { byId(api); mine(api); }],
  ['static first', (api: ApiRouter) => { mine(api); byId(api); }],
])('%s: /things/mine is the static route, /things/<id> the parameter', async (_label, declare) => {
  const http = appWith(declare);
  expect((await http.get('/api/things/mine')).body).toEqual({ route: 'mine' });
  expect((await http.get('/api/things/0123456789abcdef01234567')).body).toEqual({ route: 'id 0123456789abcdef01234567' });
  expect((await http.get('/api/things/nope')).status).toBe(400);
});

it('refuses a route declared after the router was built', () => {
  const api = new ApiRouter('/api');
  byId(api);
  void api.router;
  expect(() => mine(api)).toThrow(/declared after the router was built/);
});
