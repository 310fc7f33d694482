/**
 * Finds values shaped like a Finnish personal identity code anywhere in text, whether or not the
 * check character is right: a mistyped code is still a person's code. Free text, ids and headers
 * are refused when they carry one, and log lines and error bodies mask them (the rule is on values,
 * not on field names, because a code can be typed into any field).
 *
 * The shape: DDMMYY, a century sign (classic + - A or the 2023 letters B–F and U–Y), three digits
 * and a check character. Day and month must be plausible so that ordinary ids such as
 * `123456-7890` (month 34) are not taken for codes.
 */
const SHAPE = /(0[1-9]|[12]\d|3[01])(0[1-9]|1[0-2])(\d{2})[-+A-FU-Y](\d{3})[0-9A-Y]/gi;

export const IDENTITY_CODE_MASK = '[identity code]';

/**
 * A uuid is the platform's own id (personRefs, request, event and correlation ids), never a code,
 * yet about one in a thousand has hex digits shaped like one (`…ab150350-2021-…`): inside a uuid
 * nothing is taken for a code.
 */
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const UUID_OR_SHAPE = new RegExp(`(${UUID.source})|${SHAPE.source}`, 'gi');

function test(pattern: RegExp, text: string): boolean {
  pattern.lastIndex = 0;
  const found = pattern.test(text);
  pattern.lastIndex = 0;
  return found;
}

/** True when the text contains anything shaped like an identity code. */
export function hasIdentityCodeShape(text: string): boolean {
  // The common case (no shape at all) costs one scan; uuids are looked for only after a hit.
  return test(SHAPE, text) && test(SHAPE, text.replace(UUID, ' '));
}

/** The text with every identity-code-shaped value replaced by a fixed mask. */
export function maskIdentityCodes(text: string): string {
  return test(SHAPE, text) ? text.replace(UUID_OR_SHAPE, (_match, uuid: string | undefined) => uuid ?? IDENTITY_CODE_MASK) : text;
}

/**
 * Walks a JSON-like value (objects, arrays, strings; keys too) and returns the paths of the strings
 * that contain an identity-code shape, e.g. `['rows.3.note', 'actor']`. `allow` names the paths
 * that are meant to carry a code (an import's `identityCode`), matched with `*` for any segment.
 */
export function identityCodePaths(value: unknown, allow: readonly string[] = [], path = ''): string[] {
  if (typeof value === 'string') return hasIdentityCodeShape(value) && !allowed(path, allow) ? [path || '(value)'] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => identityCodePaths(v, allow, join(path, String(i))));
  if (value && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => [
      ...(hasIdentityCodeShape(k) ? [join(path, '(key)')] : []),
      ...identityCodePaths(v, allow, join(path, k)),
    ]);
  }
  return [];
}

/** Deep copy of a JSON-like value with every identity-code shape in strings (and keys) masked. */
export function maskIdentityCodesDeep<T>(value: T): T {
  if (typeof value === 'string') return maskIdentityCodes(value) as T;
  if (Array.isArray(value)) return value.map((v) => maskIdentityCodesDeep(v)) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [maskIdentityCodes(k), maskIdentityCodesDeep(v)]),
    ) as T;
  }
  return value;
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

function allowed(path: string, allow: readonly string[]): boolean {
  const segments = path.split('.');
  return allow.some((pattern) => {
    const p = pattern.split('.');
    return p.length === segments.length && p.every((s, i) => s === '*' || s === segments[i]);
  });
}
