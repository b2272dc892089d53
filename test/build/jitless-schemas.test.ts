// WeChat forbids new Function/eval. The shared schemas must load and validate with the Function
// constructor unusable, which holds only if zod runs jitless (shared/src/zod.ts).
import fs from 'node:fs';
import path from 'node:path';

const SCHEMAS = path.resolve(__dirname, '..', '..', 'shared', 'src', 'schemas');

test('shared schemas validate with the Function constructor disabled', () => {
  const RealFunction = globalThis.Function;
  const attempts: string[] = [];
  const blocked = new Proxy(RealFunction, {
    construct(_t, args) {
      attempts.push(String(args[args.length - 1]).slice(0, 60));
      throw new EvalError('Function constructor is disabled (as in WeChat)');
    },
    apply(_t, _this, args) {
      attempts.push(String(args[args.length - 1]).slice(0, 60));
      throw new EvalError('Function constructor is disabled (as in WeChat)');
    },
  });
  globalThis.Function = blocked as FunctionConstructor;
  try {
    expect(() => new Function('return 1')).toThrow(EvalError); // the trap is live
    attempts.length = 0;

    jest.isolateModules(() => {
      const files = fs.readdirSync(SCHEMAS).filter((f) => f.endsWith('.ts'));
      expect(files.length).toBeGreaterThan(0);
      const modules = files.map((f) => require(path.join(SCHEMAS, f)) as Record<string, unknown>);
      expect(modules.length).toBe(files.length);

      const auth = require(path.join(SCHEMAS, 'auth.ts'));
      const common = require(path.join(SCHEMAS, 'common.ts'));
      // Objects and strict objects are exactly where zod would compile a fast path.
      expect(auth.DevLoginBody.parse({ role: 'owner', region: '450203' })).toEqual({ role: 'owner', region: '450203' });
      expect(auth.DevLoginBody.safeParse({ role: 'boss' }).success).toBe(false);
      expect(auth.DevLoginBody.safeParse({ role: 'owner', extra: 1 }).success).toBe(false);
      const user = { id: 'u', name: '张三', roles: ['citizen'], region: null, phone: null };
      expect(auth.SessionResponse.parse({ token: 't', expiresAt: 'x', user })).toMatchObject({ user });
      expect(common.Page.parse({ page: '2' })).toEqual({ page: 2, pageSize: 20 });
    });
    expect(attempts).toEqual([]);
  } finally {
    globalThis.Function = RealFunction;
  }
});
