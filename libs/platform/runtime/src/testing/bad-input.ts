import request from 'supertest';
type App = Parameters<typeof request>[0];

/** An endpoint as the battery sends to it: a path template with sample values and a good body. */
export interface Endpoint {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** e.g. `/residents/:personRef/switches` */
  path: string;
  /** Good values for the path's parameters. */
  params?: Record<string, string>;
  headers?: Record<string, string>;
  /** A body the endpoint accepts (objects are spread into the body cases). */
  body?: Record<string, unknown>;
}

/**
 * One bad request. `code` is the answer the platform's edge gives on every route; without it any
 * 4xx with a stable code will do (wrong types, huge numbers and the like are the route's to refuse).
 */
export interface BadInputCase {
  name: string;
  code?: string;
  status?: number;
  /** Builds the request's parts from the endpoint. */
  build(endpoint: Endpoint): { path: string; query?: string; headers?: Record<string, string>; body?: string | Buffer; contentType?: string };
}

const CODE = '131052-308T';

function fillPath(endpoint: Endpoint, override: Record<string, string> = {}): string {
  const values = { ...endpoint.params, ...override };
  return endpoint.path.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => values[name] ?? 'x');
}

const paramNames = (endpoint: Endpoint): string[] => [...endpoint.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!);

const withBody = (name: string, body: (good: Record<string, unknown>) => string, expected: { code?: string; status?: number } = {}, contentType = 'application/json'): BadInputCase => ({
  name,
  ...expected,
  build: (e) => ({ path: fillPath(e), body: body(e.body ?? {}), contentType }),
});

const json = (good: Record<string, unknown>, extra: Record<string, unknown>) => JSON.stringify({ ...good, ...extra });

/**
 * The bad request shapes every endpoint of every service must answer with a 4xx and without writing:
 * a body over the limit, another charset or content type, malformed JSON, deep nesting, NUL and lone
 * surrogates, prototype keys, identity codes in free text, path, query and headers, wrong types,
 * huge numbers, injection-looking strings. Path cases are made for each parameter of the endpoint.
 */
export function badInputCases(endpoint: Endpoint): BadInputCase[] {
  const takesBody = endpoint.method !== 'get' && endpoint.method !== 'delete';
  const cases: BadInputCase[] = [
    withBody('a JSON body over 1 MiB', (g) => json(g, { padding: 'x'.repeat(1024 * 1024) }), { code: 'PAYLOAD_TOO_LARGE', status: 413 }),
    withBody('a latin1 charset', (g) => json(g, {}), { code: 'UNSUPPORTED_CHARSET', status: 415 }, 'application/json; charset=latin1'),
    withBody('an unknown charset', (g) => json(g, {}), { code: 'UNSUPPORTED_CHARSET', status: 415 }, 'application/json; charset=x-klingon'),
    withBody('malformed JSON', (g) => json(g, {}).slice(0, -1), { code: 'MALFORMED_JSON', status: 400 }),
    withBody('5 000 levels of nesting', (g) => json(g, {}).replace(/}$/, `${Object.keys(g).length ? ',' : ''}"deep":${'['.repeat(5000)}${']'.repeat(5000)}}`), { code: 'NESTING_TOO_DEEP', status: 400 }),
    withBody('a NUL character in a string', (g) => json(g, { note: 'a\u0000b' }), { code: 'INVALID_CHARACTERS', status: 400 }),
    withBody('a lone surrogate in a string', (g) => json(g, {}).replace(/}$/, `${Object.keys(g).length ? ',' : ''}"note":"\\ud800"}`), { code: 'INVALID_CHARACTERS', status: 400 }),
    withBody('a __proto__ key', (g) => json(g, {}).replace(/}$/, `${Object.keys(g).length ? ',' : ''}"__proto__":{"admin":true}}`), { code: 'FORBIDDEN_KEY', status: 400 }),
    withBody('a constructor key', (g) => json(g, { constructor: { prototype: { admin: true } } }), { code: 'FORBIDDEN_KEY', status: 400 }),
    withBody('an identity code in free text', (g) => json(g, { note: `asiakas ${CODE} soitti` }), { code: 'IDENTITY_CODE_NOT_ALLOWED', status: 400 }),
    {
      name: 'an identity code in X-Correlation-Id',
      code: 'IDENTITY_CODE_NOT_ALLOWED',
      status: 400,
      build: (e) => ({ path: fillPath(e), headers: { 'X-Correlation-Id': CODE }, ...(takesBody ? { body: json(e.body ?? {}, {}), contentType: 'application/json' } : {}) }),
    },
    { name: 'a NUL character in the query', code: 'INVALID_CHARACTERS', status: 400, build: (e) => ({ path: fillPath(e), query: 'q=a%00b' }) },
    { name: 'an identity code in the query', code: 'IDENTITY_CODE_NOT_ALLOWED', status: 400, build: (e) => ({ path: fillPath(e), query: `q=${CODE}` }) },
    { name: 'a __proto__ query key', code: 'FORBIDDEN_KEY', status: 400, build: (e) => ({ path: fillPath(e), query: '__proto__=1' }) },
  ];
  if (takesBody) {
    const good = endpoint.body ?? {};
    for (const key of Object.keys(good)) {
      for (const [what, value] of [
        ['a number', 1e308],
        ['an object', { nested: true }],
        ['an array', [1, 2]],
        ['null', null],
        ['a huge string', 'x'.repeat(100_000)],
        ['an injection-looking string', "'; DROP TABLE es_events; --"],
        ['a markup string', '<script>alert(1)</script>'],
      ] as const) {
        cases.push(withBody(`${what} as ${key}`, (g) => json(g, { [key]: value })));
      }
    }
    cases.push(withBody('text/plain instead of JSON', (g) => json(g, {}), { code: 'UNSUPPORTED_MEDIA_TYPE', status: 415 }, 'text/plain'));
    cases.push(withBody('a JSON array instead of an object', () => '[]'));
  }
  for (const name of paramNames(endpoint)) {
    for (const [what, value, code] of [
      ['a NUL character', 'a%00b', 'INVALID_CHARACTERS'],
      ['a lone surrogate', '%ED%A0%80', 'INVALID_CHARACTERS'],
      ['an identity code', CODE, 'IDENTITY_CODE_NOT_ALLOWED'],
      ['an injection-looking string', encodeURIComponent("x' OR '1'='1"), undefined],
      ['a 4 000-character value', 'x'.repeat(4000), undefined],
    ] as const) {
      cases.push({
        name: `${what} in :${name}`,
        ...(code ? { code, status: 400 } : {}),
        build: (e) => ({ path: fillPath(e, { [name]: value }), ...(takesBody ? { body: json(e.body ?? {}, {}), contentType: 'application/json' } : {}) }),
      });
    }
  }
  return cases;
}

export interface BadInputResult {
  case: string;
  status: number;
  body: { code?: unknown; message?: unknown; details?: unknown };
}

/** Sends one case to the endpoint and gives the answer. */
export async function sendBadInput(server: App, endpoint: Endpoint, badCase: BadInputCase): Promise<BadInputResult> {
  const parts = badCase.build(endpoint);
  let req = request(server)[endpoint.method](parts.query ? `${parts.path}?${parts.query}` : parts.path);
  for (const [k, v] of Object.entries({ ...endpoint.headers, ...parts.headers })) req = req.set(k, v);
  if (parts.body !== undefined) {
    const body = parts.body;
    req = req.set('Content-Type', parts.contentType ?? 'application/json').serialize(() => body as string).send({});
  }
  const res = await req;
  return { case: badCase.name, status: res.status, body: res.body as BadInputResult['body'] };
}

/** True when the answer is a 4xx in the ErrorBody shape, with the case's code and status when it has them. */
export function refusedAsExpected(badCase: BadInputCase, result: BadInputResult): boolean {
  const shaped = typeof result.body.code === 'string' && /^[A-Z][A-Z0-9_]*$/.test(result.body.code) && typeof result.body.message === 'string' && typeof result.body.details === 'object';
  if (result.status < 400 || result.status >= 500 || !shaped) return false;
  return (badCase.code === undefined || result.body.code === badCase.code) && (badCase.status === undefined || result.status === badCase.status);
}
