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
  /** Good query values, sent with every case unless the case changes them. */
  query?: Record<string, string>;
  /** Body paths (`stations.0.name`) of free text, where injection-looking text is ordinary text. */
  freeText?: string[];
  /** The body path of an array answered row by row (`rows`): its items' errors may come back per row. */
  perRow?: string;
  /** Body paths that may be left out; `null` there means absent, so it is not sent as a bad value. */
  optional?: string[];
  /** A query sent with POST (a lookup): it takes no Idempotency-Key. */
  readOnly?: boolean;
}

/**
 * One bad request. `code` is the answer the platform's edge gives on every route; without it any
 * 4xx with a stable code will do (wrong types, huge numbers and the like are the route's to refuse).
 */
export interface BadInputCase {
  name: string;
  code?: string;
  status?: number;
  /** The case changes one item of the endpoint's per-row array: a 200 naming that row's error is a refusal too. */
  perRow?: boolean;
  /** Builds the request's parts from the endpoint. */
  build(endpoint: Endpoint): {
    path: string;
    query?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    contentType?: string;
  };
}

const CODE = '131052-308T';

function fillPath(endpoint: Endpoint, override: Record<string, string> = {}): string {
  const values = { ...endpoint.params, ...override };
  return endpoint.path.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => values[name] ?? 'x');
}

const paramNames = (endpoint: Endpoint): string[] => [...endpoint.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!);

const withBody = (
  name: string,
  body: (good: Record<string, unknown>) => string,
  expected: { code?: string; status?: number } = {},
  contentType = 'application/json',
): BadInputCase => ({
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
    withBody(
      '5 000 levels of nesting',
      (g) => json(g, {}).replace(/}$/, `${Object.keys(g).length ? ',' : ''}"deep":${'['.repeat(5000)}${']'.repeat(5000)}}`),
      { code: 'NESTING_TOO_DEEP', status: 400 },
    ),
    withBody('a NUL character in a string', (g) => json(g, { note: 'a\u0000b' }), { code: 'INVALID_CHARACTERS', status: 400 }),
    withBody('a lone surrogate in a string', (g) => json(g, {}).replace(/}$/, `${Object.keys(g).length ? ',' : ''}"note":"\\ud800"}`), {
      code: 'INVALID_CHARACTERS',
      status: 400,
    }),
    withBody('a __proto__ key', (g) => json(g, {}).replace(/}$/, `${Object.keys(g).length ? ',' : ''}"__proto__":{"admin":true}}`), {
      code: 'FORBIDDEN_KEY',
      status: 400,
    }),
    withBody('a constructor key', (g) => json(g, { constructor: { prototype: { admin: true } } }), { code: 'FORBIDDEN_KEY', status: 400 }),
    withBody('an identity code in free text', (g) => json(g, { note: `asiakas ${CODE} soitti` }), {
      code: 'IDENTITY_CODE_NOT_ALLOWED',
      status: 400,
    }),
    {
      name: 'an identity code in X-Correlation-Id',
      code: 'IDENTITY_CODE_NOT_ALLOWED',
      status: 400,
      build: (e) => ({
        path: fillPath(e),
        headers: { 'X-Correlation-Id': CODE },
        ...(takesBody ? { body: json(e.body ?? {}, {}), contentType: 'application/json' } : {}),
      }),
    },
    {
      name: 'a NUL character in the query',
      code: 'INVALID_CHARACTERS',
      status: 400,
      build: (e) => ({ path: fillPath(e), query: 'q=a%00b' }),
    },
    {
      name: 'an identity code in the query',
      code: 'IDENTITY_CODE_NOT_ALLOWED',
      status: 400,
      build: (e) => ({ path: fillPath(e), query: `q=${CODE}` }),
    },
    { name: 'a __proto__ query key', code: 'FORBIDDEN_KEY', status: 400, build: (e) => ({ path: fillPath(e), query: '__proto__=1' }) },
  ];
  if (takesBody) {
    const good = endpoint.body ?? {};
    for (const key of Object.keys(good)) {
      const free = endpoint.freeText?.includes(key) ?? false;
      for (const [what, value] of [
        ['a number', 1e308],
        ['an object', { nested: true }],
        ['an array', [1, 2]],
        ['null', null],
        ['a huge string', 'x'.repeat(100_000)],
        ['an injection-looking string', "'; DROP TABLE es_events; --"],
        ['a markup string', '<script>alert(1)</script>'],
      ] as const) {
        if (free && typeof value === 'string' && value.length < 100) continue;
        if (value === null && endpoint.optional?.includes(key)) continue;
        cases.push(withBody(`${what} as ${key}`, (g) => json(g, { [key]: value })));
      }
    }
    if (endpoint.body !== undefined) {
      cases.push(withBody('text/plain instead of JSON', (g) => json(g, {}), { code: 'UNSUPPORTED_MEDIA_TYPE', status: 415 }, 'text/plain'));
      cases.push(withBody('a JSON array instead of an object', () => '[]'));
    }
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
        build: (e) => ({
          path: fillPath(e, { [name]: value }),
          ...(takesBody ? { body: json(e.body ?? {}, {}), contentType: 'application/json' } : {}),
        }),
      });
    }
  }
  return cases;
}

/** The endpoint's good query values, less those the case's own query sets. */
function goodQuery(endpoint: Endpoint, caseQuery: string | undefined): string {
  const taken = new Set((caseQuery ?? '').split('&').map((pair) => decodeURIComponent(pair.split('=')[0]!.replace(/\[.*$/, ''))));
  return Object.entries(endpoint.query ?? {})
    .filter(([k]) => !taken.has(k))
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
}

type Leaf = { path: Array<string | number>; value: unknown };

function leavesOf(value: unknown, path: Array<string | number> = []): Leaf[] {
  const here: Leaf[] = path.length ? [{ path, value }] : [];
  if (Array.isArray(value)) return [...here, ...value.flatMap((v, i) => leavesOf(v, [...path, i]))];
  if (value !== null && typeof value === 'object')
    return [...here, ...Object.entries(value).flatMap(([k, v]) => leavesOf(v, [...path, k]))];
  return here;
}

/** A copy of `body` with the value at `path` replaced; `key` set instead adds an own key there (even `__proto__`). */
function replaced(body: unknown, path: Array<string | number>, value: unknown, key?: string): unknown {
  const copy = structuredClone(body) as Record<string | number, unknown>;
  let node = copy;
  for (const step of path.slice(0, key === undefined ? -1 : path.length)) node = node[step] as Record<string | number, unknown>;
  if (key !== undefined) Object.defineProperty(node, key, { value, enumerable: true, configurable: true, writable: true });
  else node[path[path.length - 1]!] = value;
  return copy;
}

const INJECTIONS: ReadonlyArray<readonly [string, string]> = [
  ['an SQL injection', "' OR 1=1 --"],
  ['a script tag', '<script>alert(1)</script>'],
  ['a template expression', '${process.exit(1)}{{7*7}}'],
  ['a path traversal', '../../etc/passwd'],
];

/**
 * Wrong values for every field of the body, nested ones too (stations' fields, rows, rate maps):
 * wrong types, huge and negative numbers, very long strings, injection-looking strings and identity
 * codes in strings, prototype keys in nested objects. Top-level keys get only what
 * `badInputCases` does not already send them. Free-text paths take injection-looking text as text.
 */
export function fieldCases(endpoint: Endpoint): BadInputCase[] {
  if (endpoint.body === undefined) return [];
  const cases: BadInputCase[] = [];
  const good = endpoint.body;
  for (const { path, value } of leavesOf(good)) {
    const name = path.join('.');
    const top = path.length === 1;
    const free = endpoint.freeText?.includes(name) ?? false;
    const perRow = endpoint.perRow !== undefined && path.length > 1 && path[0] === endpoint.perRow;
    const values: Array<readonly [string, unknown]> = [];
    if (typeof value === 'string') {
      if (!top)
        values.push(
          ['a number', 1e308],
          ['an object', { nested: true }],
          ['an array', [1, 2]],
          ['null', null],
          ['a 100 000-character string', 'x'.repeat(100_000)],
        );
      values.push(['a boolean', true], ['an identity code', CODE], ['an identity code inside text', `${value} ${CODE}`]);
      if (!free) values.push(...INJECTIONS.filter(([, v]) => (top ? !v.startsWith('<') && !v.startsWith("'") : true)));
    } else if (typeof value === 'number') {
      values.push(['a numeric string', String(value)], ['a word', 'abc'], ['-1', -1], ['2**53+1', 2 ** 53 + 1], ['true', true]);
      // Cents and months are whole; factors and coefficients are not.
      if (/cents|months/i.test(name)) values.push(['a fraction', 1.5]);
      if (!top) values.push(['1e308', 1e308], ['null', null], ['an array', [value]], ['an object', { n: value }]);
    } else if (typeof value === 'boolean') {
      values.push(['a string', 'true'], ['a number', 1]);
      if (!top) values.push(['null', null], ['an array', [value]]);
    } else if (Array.isArray(value)) {
      values.push(['an object', { 0: value[0] ?? null }], ['a string', 'x'], ['50 000 nulls', Array(50_000).fill(null)]);
      if (!top) values.push(['null', null]);
    } else if (value !== null && typeof value === 'object') {
      values.push(['an array', [value]], ['a string', 'x']);
      if (!top) values.push(['null', null]);
    }
    for (const [what, bad] of values) {
      if (bad === null && endpoint.optional?.includes(name)) continue;
      cases.push({
        name: `${what} as ${name}`,
        ...(perRow ? { perRow } : {}),
        build: (e) => ({ path: fillPath(e), body: JSON.stringify(replaced(good, path, bad)), contentType: 'application/json' }),
      });
    }
    if (!top && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const key of ['__proto__', 'constructor']) {
        cases.push({
          name: `a ${key} key in ${name}`,
          ...(perRow ? { perRow } : {}),
          build: (e) => ({
            path: fillPath(e),
            body: JSON.stringify(replaced(good, path, { polluted: true }, key)),
            contentType: 'application/json',
          }),
        });
      }
    }
  }
  cases.push({
    name: 'an unknown field',
    build: (e) => ({ path: fillPath(e), body: json(good, { isAdmin: true }), contentType: 'application/json' }),
  });
  cases.push({
    name: 'a form-encoded body',
    build: (e) => ({
      path: fillPath(e),
      body: new URLSearchParams(Object.fromEntries(Object.entries(good).map(([k, v]) => [k, String(v)]))).toString(),
      contentType: 'application/x-www-form-urlencoded',
    }),
  });
  cases.push({
    name: 'an XML body',
    build: (e) => ({
      path: fillPath(e),
      body: '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
      contentType: 'application/xml',
    }),
  });
  cases.push({
    name: 'a JSON string instead of an object',
    build: (e) => ({ path: fillPath(e), body: '"x"', contentType: 'application/json' }),
  });
  if (!Object.keys(good).every((k) => endpoint.optional?.includes(k)))
    cases.push({ name: 'an empty body', build: (e) => ({ path: fillPath(e), body: '', contentType: 'application/json' }) });
  return cases;
}

/** Bad values for each of the endpoint's query parameters (those given good values in `query`). */
export function queryCases(endpoint: Endpoint): BadInputCase[] {
  const cases: BadInputCase[] = [];
  const takesBody = endpoint.method !== 'get' && endpoint.method !== 'delete';
  const withGoodBody = (e: Endpoint) =>
    takesBody && e.body !== undefined ? { body: json(e.body, {}), contentType: 'application/json' } : {};
  for (const [name, good] of Object.entries(endpoint.query ?? {})) {
    const values: Array<readonly [string, string, string?]> = [
      ['a NUL character', 'a%00b', 'INVALID_CHARACTERS'],
      // The query parser turns bytes that are not UTF-8 into U+FFFD: the route's own check refuses it.
      ['a lone surrogate', '%ED%A0%80'],
      ['an identity code', CODE, 'IDENTITY_CODE_NOT_ALLOWED'],
      ['a 4 000-character value', 'x'.repeat(4000)],
      ...INJECTIONS.map(([what, v]) => [what, encodeURIComponent(v)] as const),
    ];
    if (/^\d+$/.test(good))
      values.push(['-1', '-1'], ['1e308', '1e308'], ['2**53+1', String(2 ** 53 + 1)], ['a word', 'abc'], ['a fraction', '1.5']);
    for (const [what, value, code] of values) {
      cases.push({
        name: `${what} in ?${name}`,
        ...(code ? { code, status: 400 } : {}),
        build: (e) => ({ path: fillPath(e), query: `${name}=${value}`, ...withGoodBody(e) }),
      });
    }
    cases.push({
      name: `?${name} twice with different values`,
      build: (e) => ({ path: fillPath(e), query: `${name}=${encodeURIComponent(good)}&${name}=other`, ...withGoodBody(e) }),
    });
    cases.push({
      name: `?${name} as an object`,
      build: (e) => ({ path: fillPath(e), query: `${name}[a]=${encodeURIComponent(good)}`, ...withGoodBody(e) }),
    });
  }
  return cases;
}

/** A bad Idempotency-Key with an otherwise good command: refused before anything is done. */
export function idempotencyKeyCases(endpoint: Endpoint): BadInputCase[] {
  if (endpoint.method === 'get' || endpoint.readOnly) return [];
  const takesBody = endpoint.method !== 'delete' && endpoint.body !== undefined;
  const withKey = (
    name: string,
    key: string,
    expected: { code?: string; status?: number } = { code: 'IDEMPOTENCY_KEY_INVALID', status: 400 },
  ): BadInputCase => ({
    name,
    ...expected,
    build: (e) => ({
      path: fillPath(e),
      headers: { 'Idempotency-Key': key },
      ...(takesBody ? { body: json(e.body ?? {}, {}), contentType: 'application/json' } : {}),
    }),
  });
  return [
    withKey('an Idempotency-Key of 9 000 characters', 'k'.repeat(9000)),
    withKey('an Idempotency-Key of 201 characters', 'k'.repeat(201)),
    withKey('an Idempotency-Key with spaces', 'two words'),
    withKey('an Idempotency-Key with markup', '<script>'),
    withKey('an Idempotency-Key with a non-ASCII letter', 'avain-\u00e4'),
    // Its characters are all allowed, but the key is stored as sent: no identity code may land there.
    withKey('an identity code as the Idempotency-Key', CODE),
  ];
}

/** Every case the battery sends to one endpoint. */
export function batteryCases(endpoint: Endpoint): BadInputCase[] {
  return [...badInputCases(endpoint), ...fieldCases(endpoint), ...queryCases(endpoint), ...idempotencyKeyCases(endpoint)];
}

export interface BadInputResult {
  case: string;
  status: number;
  body: { code?: unknown; message?: unknown; details?: unknown };
  /** The answer as sent, to look for what must not be echoed. */
  text: string;
}

/** Sends one case to the endpoint and gives the answer. */
export async function sendBadInput(server: App, endpoint: Endpoint, badCase: BadInputCase): Promise<BadInputResult> {
  const parts = badCase.build(endpoint);
  const query = [goodQuery(endpoint, parts.query), parts.query].filter(Boolean).join('&');
  let req = request(server)[endpoint.method](query ? `${parts.path}?${query}` : parts.path);
  for (const [k, v] of Object.entries({ ...endpoint.headers, ...parts.headers })) req = req.set(k, v);
  if (parts.body !== undefined) {
    const body = parts.body;
    req = req
      .set('Content-Type', parts.contentType ?? 'application/json')
      .serialize(() => body as string)
      .send({});
  }
  const res = await req;
  return { case: badCase.name, status: res.status, body: (res.body ?? {}) as BadInputResult['body'], text: res.text ?? '' };
}

/** True when the answer is a 4xx in the ErrorBody shape, with the case's code and status when it has them. */
export function refusedAsExpected(badCase: BadInputCase, result: BadInputResult): boolean {
  const shaped =
    typeof result.body.code === 'string' &&
    /^[A-Z][A-Z0-9_]*$/.test(result.body.code) &&
    typeof result.body.message === 'string' &&
    typeof result.body.details === 'object';
  if (result.status < 400 || result.status >= 500 || !shaped) return false;
  return (
    (badCase.code === undefined || result.body.code === badCase.code) && (badCase.status === undefined || result.status === badCase.status)
  );
}
