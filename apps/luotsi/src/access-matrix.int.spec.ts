import request from 'supertest';
import { ModulesContainer } from '@nestjs/core';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { ACCESS_METADATA, PUBLIC_METADATA, type AccessRule, type ScopeRule } from '@luotsi/runtime';
import { as, startTestApp, type TestApp, type TestDatabase } from '@luotsi/runtime/testing';
import { describeWithPostgres, testPostgresUrl } from '@luotsi/testing';
import { people, personRefOf, seedPilot } from '@luotsi/provider-choice-service/testing';
import { luotsiDefinition } from './definition';

/*
 * The endpoint × role × scope matrix (issue 9): every endpoint of the all-in-one app's OpenAPI
 * document must declare its access (@Access/@Roles or @Public), and each of the nine roles gets the
 * answer the declaration says. Expectations come from the routes' metadata, not from a table here,
 * so a route that changes its rule changes what is checked, and a route without one fails.
 */

const ROLES = ['resident', 'guidance', 'plan-worker', 'county', 'finance', 'provider', 'municipality', 'auditor', 'operator'] as const;
type MatrixRole = (typeof ROLES)[number];
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

interface Declared {
  public: boolean;
  rule: AccessRule | undefined;
}

/** The scope rule that binds a role, as ScopeRule documents it: each rule holds its own role only. */
function bindingOf(scope: ScopeRule | undefined, role: MatrixRole): keyof ScopeRule | undefined {
  if (!scope) return undefined;
  const rule: keyof ScopeRule =
    role === 'resident'
      ? 'ownPerson'
      : role === 'provider'
        ? 'ownProvider'
        : role === 'municipality'
          ? 'ownMunicipality'
          : 'ownOrganisation';
  return scope[rule] !== undefined ? rule : undefined;
}

const METHODS: Partial<Record<RequestMethod, Method>> = {
  [RequestMethod.GET]: 'get',
  [RequestMethod.POST]: 'post',
  [RequestMethod.PUT]: 'put',
  [RequestMethod.PATCH]: 'patch',
  [RequestMethod.DELETE]: 'delete',
};

const joinPath = (...parts: Array<string | undefined>) =>
  '/' +
  parts
    .filter((p): p is string => !!p)
    .map((p) => p.replace(/^\/+|\/+$/g, ''))
    .filter(Boolean)
    .join('/');

/** `METHOD /path/{param}` → what the route's handler and controller declare, read as the AccessGuard reads them. */
function declaredRoutes(t: TestApp): Map<string, Declared> {
  const routes = new Map<string, Declared>();
  for (const module of t.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!controller) continue;
      const bases = ([] as Array<string | undefined>).concat(
        Reflect.getMetadata(PATH_METADATA, controller) as string | string[] | undefined,
      );
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        if (name === 'constructor') continue;
        const handler = (controller.prototype as Record<string, unknown>)[name];
        if (typeof handler !== 'function') continue;
        const method = METHODS[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        const paths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        if (method === undefined || paths === undefined) continue;
        // A route's own declaration wins over its controller's (Reflector.getAllAndOverride).
        const pick = <T>(key: string): T | undefined =>
          (Reflect.getMetadata(key, handler) as T | undefined) ?? (Reflect.getMetadata(key, controller) as T | undefined);
        const declared = { public: pick<boolean>(PUBLIC_METADATA) === true, rule: pick<AccessRule>(ACCESS_METADATA) };
        for (const base of bases)
          for (const path of ([] as string[]).concat(paths))
            routes.set(`${method.toUpperCase()} ${joinPath(base, path).replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`, declared);
      }
    }
  }
  return routes;
}

function matrix(database: TestDatabase): void {
  let t: TestApp;
  let documented: Array<{ method: Method; path: string }> = [];
  let declared: Map<string, Declared>;
  let aino: string;
  let ville: string;

  /** Each role's token and the values of each scope rule inside and outside its scope. */
  const caller = (role: MatrixRole) =>
    ({
      resident: as.resident(people.aino),
      guidance: as.guidance(),
      'plan-worker': as.planWorker(),
      county: as.county(),
      finance: as.finance(),
      provider: as.provider('mehilainen'),
      municipality: as.municipality('837'),
      auditor: as.auditor(),
      operator: as.operator(),
    })[role];
  const own = (rule: keyof ScopeRule): { inside: string; outside: string } =>
    ({
      ownPerson: { inside: aino, outside: ville },
      ownProvider: { inside: 'mehilainen', outside: 'pihlajalinna' },
      ownMunicipality: { inside: '837', outside: '091' },
      // as.* staff carry organisation 'pirkanmaa'.
      ownOrganisation: { inside: 'pirkanmaa', outside: 'uusimaa' },
    })[rule];
  /** Good-looking values for path parameters no scope rule reads. */
  const sample = (param: string): string => ({ personRef: aino, providerId: 'mehilainen', month: '2026-12', year: '2027' })[param] ?? 'x';

  const key = (e: { method: string; path: string }) => `${e.method.toUpperCase()} ${e.path}`;
  const fill = (path: string, values: Record<string, string>) =>
    path.replace(/\{([A-Za-z0-9_]+)\}/g, (_, p: string) => encodeURIComponent(values[p] ?? sample(p)));
  const send = async (method: Method, path: string, headers: Record<string, string> = {}) => {
    let req = request(t.server)[method](path);
    for (const [k, v] of Object.entries(headers)) req = req.set(k, v);
    const res = method === 'get' || method === 'delete' ? await req : await req.send({});
    return { status: res.status, code: (res.body as { code?: unknown } | undefined)?.code };
  };

  beforeAll(async () => {
    t = await startTestApp(luotsiDefinition, database, {
      postgresUrl: testPostgresUrl(),
      now: '2027-01-15T10:00:00Z',
      config: { rateLimits: { 'identity-lookup': { perMinute: 10_000, perDay: 10_000 } } },
    });
    await seedPilot(t);
    aino = await personRefOf(t, people.aino);
    ville = await personRefOf(t, people.ville);
    const doc = (await request(t.server).get('/docs/openapi.json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops)
        .filter((m): m is Method => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
        .map((method) => ({ method, path })),
    );
    declared = declaredRoutes(t);
  }, 120_000);
  afterAll(() => t?.close());

  it('finds a handler for every documented endpoint, and every one declares its access', () => {
    expect(documented.length).toBeGreaterThan(30);
    expect(documented.filter((e) => !declared.has(key(e))).map(key)).toEqual([]);
    const undeclared = documented.filter((e) => {
      const d = declared.get(key(e));
      return d !== undefined && !d.public && d.rule === undefined;
    });
    expect(undeclared.map(key)).toEqual([]);
  });

  it('answers public routes without a token', async () => {
    const wrong: unknown[] = [];
    for (const e of documented.filter((x) => declared.get(key(x))?.public)) {
      const res = await send(e.method, fill(e.path, {}));
      if (res.status === 401 || res.status === 403) wrong.push({ endpoint: key(e), ...res });
    }
    expect(wrong).toEqual([]);
  });

  it('answers every declared route 401 TOKEN_MISSING without a token', async () => {
    const wrong: unknown[] = [];
    for (const e of documented.filter((x) => declared.get(key(x))?.rule && !declared.get(key(x))?.public)) {
      const res = await send(e.method, fill(e.path, {}));
      if (res.status !== 401 || res.code !== 'TOKEN_MISSING') wrong.push({ endpoint: key(e), ...res });
    }
    expect(wrong).toEqual([]);
  });

  it.each(ROLES)(
    'gives %s the answer each route declares: FORBIDDEN_ROLE outside the rule, FORBIDDEN_SCOPE outside the scope, in otherwise',
    async (role) => {
      const wrong: unknown[] = [];
      let checked = 0;
      for (const e of documented) {
        const d = declared.get(key(e));
        if (!d || d.public || !d.rule) continue;
        const rule = d.rule;
        const headers = caller(role);
        if (!rule.roles.includes(role)) {
          const res = await send(e.method, fill(e.path, {}), headers);
          checked += 1;
          if (res.status !== 403 || res.code !== 'FORBIDDEN_ROLE') wrong.push({ endpoint: key(e), expected: 'FORBIDDEN_ROLE', ...res });
          continue;
        }
        const binding = bindingOf(rule.scope, role);
        const param = binding ? rule.scope![binding]! : undefined;
        // A scope rule reads a path parameter; one the path does not hold can never be in scope.
        if (param !== undefined && e.path.includes(`{${param}}`)) {
          const { inside, outside } = own(binding!);
          const out = await send(e.method, fill(e.path, { [param]: outside }), headers);
          checked += 1;
          if (out.status !== 403 || out.code !== 'FORBIDDEN_SCOPE') wrong.push({ endpoint: key(e), expected: 'FORBIDDEN_SCOPE', ...out });
          const inn = await send(e.method, fill(e.path, { [param]: inside }), headers);
          checked += 1;
          if (inn.status === 401 || inn.status === 403) wrong.push({ endpoint: key(e), expected: 'in scope', ...inn });
        } else if (param !== undefined) {
          const res = await send(e.method, fill(e.path, {}), headers);
          checked += 1;
          if (res.status !== 403 || res.code !== 'FORBIDDEN_SCOPE')
            wrong.push({ endpoint: key(e), expected: 'FORBIDDEN_SCOPE (no parameter to be in scope of)', ...res });
        } else {
          const res = await send(e.method, fill(e.path, {}), headers);
          checked += 1;
          if (res.status === 401 || res.status === 403) wrong.push({ endpoint: key(e), expected: 'in', ...res });
        }
      }
      expect(checked).toBeGreaterThan(20);
      expect(wrong).toEqual([]);
    },
    120_000,
  );
}

describe('the endpoint × role × scope matrix on PGlite', () => matrix('pglite'));
describeWithPostgres()('the endpoint × role × scope matrix on PostgreSQL', () => matrix('postgres'));
