import { as } from '@luotsi/runtime/testing';

/**
 * Bad requests to the population import. The import is per line: a bad line is that line's error
 * in a 200 answer (`lines` names the lines that must carry a stable code, and nothing is applied);
 * a bad request as a whole (content type, charset, headers, query) is a 4xx with a stable code.
 */
export interface ImportCase {
  name: string;
  contentType: string;
  body: string | Buffer;
  headers?: Record<string, string>;
  query?: string;
  /** Present for per-line cases: the lines that must each have an error. */
  lines?: number[];
  code?: string;
}

const CODE = '131052-308T';
/** A valid identity code whose birth date (2037) lies in the future. */
const FUTURE_BORN = '130337F698V';
const NDJSON = 'application/x-ndjson';

export function importCases(newcomerOf: (i: number) => string): ImportCase[] {
  return importCasesFor(newcomerOf(0)).map((c, i) => {
    const other = newcomerOf(i + 1);
    const swap = (b: string | Buffer) =>
      typeof b === 'string'
        ? b.split(newcomerOf(0)).join(other)
        : Buffer.from(b.toString('latin1').split(newcomerOf(0)).join(other), 'latin1');
    return { ...c, body: swap(c.body) };
  });
}

/** The cases with one newcomer; `importCases` gives each case its own, so that a line a defect applies spoils no other case. */
function importCasesFor(newcomer: string): ImportCase[] {
  const good = { type: 'resident-registered', identityCode: newcomer, postalCode: '33710', municipalityCode: '837', date: '2027-01-02' };
  const line = (name: string, text: string | Buffer, code?: string): ImportCase => ({
    name,
    contentType: NDJSON,
    body: text,
    lines: [1],
    ...(code ? { code } : {}),
  });
  const row = (name: string, fields: Record<string, unknown>, code?: string) => line(name, JSON.stringify({ ...good, ...fields }), code);
  const cases: ImportCase[] = [
    { name: 'a JSON content type', contentType: 'application/json', body: JSON.stringify(good) },
    { name: 'text/plain', contentType: 'text/plain', body: JSON.stringify(good) },
    { name: 'a latin1 charset', contentType: `${NDJSON}; charset=latin1`, body: JSON.stringify(good) },
    { name: 'an unknown charset', contentType: `${NDJSON}; charset=x-klingon`, body: JSON.stringify(good) },
    {
      name: 'an identity code in X-Correlation-Id',
      contentType: NDJSON,
      body: JSON.stringify(good),
      headers: { 'X-Correlation-Id': CODE },
      code: 'IDENTITY_CODE_NOT_ALLOWED',
    },
    // The caller is named by the token: its subject is the actor id, its username goes to the access log.
    {
      name: 'an identity code as the actor id',
      contentType: NDJSON,
      body: JSON.stringify(good),
      headers: as.county('anna', { sub: CODE }),
      code: 'IDENTITY_CODE_NOT_ALLOWED',
    },
    {
      name: 'an identity code as the username',
      contentType: NDJSON,
      body: JSON.stringify(good),
      headers: as.county('anna', { preferred_username: CODE }),
      code: 'IDENTITY_CODE_NOT_ALLOWED',
    },
    {
      name: 'an identity code as the Idempotency-Key',
      contentType: NDJSON,
      body: JSON.stringify(good),
      headers: { 'Idempotency-Key': CODE },
      code: 'IDEMPOTENCY_KEY_INVALID',
    },
    { name: 'a NUL character in the query', contentType: NDJSON, body: JSON.stringify(good), query: 'q=a%00b', code: 'INVALID_CHARACTERS' },
    {
      name: 'an Idempotency-Key of 9 000 characters',
      contentType: NDJSON,
      body: JSON.stringify(good),
      headers: { 'Idempotency-Key': 'k'.repeat(9000) },
      code: 'IDEMPOTENCY_KEY_INVALID',
    },
    {
      name: 'an Idempotency-Key with spaces',
      contentType: NDJSON,
      body: JSON.stringify(good),
      headers: { 'Idempotency-Key': 'two words' },
      code: 'IDEMPOTENCY_KEY_INVALID',
    },
    line('malformed JSON', JSON.stringify(good).slice(0, -1)),
    line('a JSON array', '[]'),
    line('a JSON string', '"x"'),
    line('null', 'null'),
    line('a raw NUL byte', Buffer.from(`${JSON.stringify(good).slice(0, -1)},"x":"a\u0000b"}`, 'utf8')),
    row('an escaped NUL in the postal code', { postalCode: '337\u000010' }),
    line('a lone surrogate in the postal code', JSON.stringify(good).replace('"33710"', '"33710\\ud800"')),
    line(
      'bytes that are not UTF-8',
      Buffer.concat([Buffer.from('{"type":"resident-registered","postalCode":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]),
      'INVALID_ENCODING',
    ),
    line('5 000 levels of nesting', JSON.stringify(good).replace(/}$/, `,"deep":${'['.repeat(5000)}${']'.repeat(5000)}}`)),
    line('a __proto__ key', JSON.stringify(good).replace(/}$/, ',"__proto__":{"admin":true}}')),
    row('a constructor key', { constructor: { prototype: { admin: true } } }),
    row('an unknown field', { note: 'x' }),
    row('an identity code in an unknown field', { note: `asiakas ${CODE}` }),
    line('a line over 64 KiB', JSON.stringify({ ...good, postalCode: 'x'.repeat(70 * 1024) }), 'LINE_TOO_LONG'),
    row('an unknown type', { type: 'resident-abducted' }),
    row('an injection-looking type', { type: "' OR 1=1 --" }),
    row('a future-born identity code', { identityCode: FUTURE_BORN }),
    row('an identity code with a wrong check character', { identityCode: newcomer.slice(0, -1) + (newcomer.endsWith('A') ? 'B' : 'A') }),
    row('text around the identity code', { identityCode: `x ${newcomer}` }),
    row('a date of 0001-01-01', { date: '0001-01-01' }),
    row('a date of 9999-12-01', { date: '9999-12-01' }),
    row('a date that does not exist', { date: '2027-02-30' }),
    row('a date in the future', { date: '2027-12-01' }),
    row('a 60 000-character postal code', { postalCode: 'x'.repeat(60_000) }),
  ];
  for (const field of ['identityCode', 'postalCode', 'municipalityCode', 'date', 'type']) {
    for (const [what, value] of [
      ['a number', 1e308],
      ['a negative number', -1],
      ['2**53+1', 2 ** 53 + 1],
      ['an object', { nested: true }],
      ['an array', [1]],
      ['null', null],
      ['a boolean', true],
      ['an SQL injection', "' OR 1=1 --"],
      ['a script tag', '<script>alert(1)</script>'],
      ['a template expression', '${process.exit(1)}'],
      ['a path traversal', '../../etc/passwd'],
    ] as const) {
      cases.push(row(`${what} as ${field}`, { [field]: value }));
    }
    if (field !== 'identityCode') cases.push(row(`an identity code as ${field}`, { [field]: CODE }));
  }
  cases.push(row('a missing identity code', { identityCode: undefined }));
  // Guardianship rows: the child here is nobody the register knows, so even a row whose fields pass
  // is that line's error (PERSON_NOT_FOUND) and nothing is applied; the fields are checked first.
  const guardianship = { type: 'guardianship', identityCode: newcomer, guardianIdentityCode: CODE, from: '2020-01-01' };
  const gRow = (name: string, fields: Record<string, unknown>) => line(name, JSON.stringify({ ...guardianship, ...fields }));
  cases.push(gRow('a guardianship of an unknown child', {}));
  cases.push(gRow('a guardianship without a guardian', { guardianIdentityCode: undefined }));
  cases.push(gRow('a guardianship ending before it starts', { to: '2019-12-31' }));
  cases.push(gRow('a guardianship starting in the future', { from: '2027-12-01' }));
  cases.push(gRow('a future-born guardian', { guardianIdentityCode: FUTURE_BORN }));
  for (const field of ['guardianIdentityCode', 'to', 'feesJoin', 'from']) {
    for (const [what, value] of [
      ['a number', 1e308],
      ['an object', { nested: true }],
      ['an array', [1]],
      ['an SQL injection', "' OR 1=1 --"],
      ['a script tag', '<script>alert(1)</script>'],
      ['text around an identity code', `x ${CODE}`],
    ] as const) {
      cases.push(gRow(`${what} as a guardianship's ${field}`, { [field]: value }));
    }
  }
  // Several bad lines in one file: each its own error, none applied.
  const many = [
    JSON.stringify({ ...good, date: 'x' }),
    '{',
    JSON.stringify({ ...good, postalCode: 7 }),
    JSON.stringify({ ...good, identityCode: FUTURE_BORN }),
  ];
  cases.push({ name: 'four bad lines', contentType: NDJSON, body: many.join('\n'), lines: [1, 2, 3, 4] });
  // The same as CSV.
  const csv = (name: string, rows: string[], lines: number[]): ImportCase => ({
    name,
    contentType: 'text/csv',
    body: ['type,identityCode,postalCode,municipalityCode,date', ...rows].join('\n'),
    lines,
  });
  // CSV lines are counted with the header as line 1.
  cases.push(csv('a CSV row with an injection-looking postal code', [`resident-registered,${newcomer},"' OR 1=1 --",837,2027-01-02`], [2]));
  cases.push(csv('a CSV row with too few columns', [`resident-registered,${newcomer}`], [2]));
  cases.push(csv('a CSV row with a formula', [`resident-registered,${newcomer},=cmd|' /C calc'!A0,837,2027-01-02`], [2]));
  cases.push(csv('a CSV guardianship with a formula as feesJoin', [`guardianship,${newcomer},,,2020-01-01,${CODE},,=1+1`], [2]));
  return cases;
}
