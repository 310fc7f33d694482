import { hasIdentityCodeShape } from '@luotsi/kernel';

/** Keys that reach an object's prototype chain when code copies them; refused wherever they appear. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** NUL (which PostgreSQL text cannot hold) or a lone UTF-16 surrogate (which no encoder can write). */
export function hasInvalidCharacters(text: string): boolean {
  return text.includes('\u0000') || LONE_SURROGATE.test(text);
}

/**
 * True when JSON text nests arrays and objects deeper than `max`. Read on the text, before parsing
 * and without recursion, so that 5 000 levels never reach a recursive walker (class-transformer's
 * overflows its stack).
 */
export function jsonNestingExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

export interface ScanOptions {
  /** Path patterns (`*` for one segment) whose string values may carry an identity code. */
  identityCodeFields?: readonly string[];
  /** A path whose subtree is not checked for characters and identity codes (it is checked per row). */
  perRowInput?: string | undefined;
  /** Bound on the paths reported per finding, so an error body stays small. */
  maxPaths?: number;
}

export interface ScanFindings {
  forbiddenKeys: string[];
  invalidCharacters: string[];
  identityCodes: string[];
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

function matches(path: string, pattern: string): boolean {
  const segments = path.split('.');
  const p = pattern.split('.');
  return p.length === segments.length && p.every((s, i) => s === '*' || s === segments[i]);
}

/**
 * Walks a parsed JSON value (or a query or params object) without recursion and names the paths of
 * forbidden keys, strings or keys with invalid characters, and values shaped like identity codes.
 * `root` prefixes every path (`body`, `query`, `params`); patterns in options are relative to it.
 */
export function scanInput(value: unknown, root: string, options: ScanOptions = {}): ScanFindings {
  const max = options.maxPaths ?? 20;
  const found: ScanFindings = { forbiddenKeys: [], invalidCharacters: [], identityCodes: [] };
  const add = (list: string[], path: string) => {
    if (list.length < max) list.push(path ? `${root}.${path}` : root);
  };
  const exempt = (path: string) =>
    options.perRowInput !== undefined && (path === options.perRowInput || path.startsWith(`${options.perRowInput}.`));
  const codeAllowed = (path: string) => (options.identityCodeFields ?? []).some((p) => matches(path, p));
  const stack: Array<{ value: unknown; path: string }> = [{ value, path: '' }];
  while (stack.length > 0) {
    const { value: v, path } = stack.pop()!;
    if (typeof v === 'string') {
      if (exempt(path)) continue;
      if (hasInvalidCharacters(v)) add(found.invalidCharacters, path);
      if (hasIdentityCodeShape(v) && !codeAllowed(path)) add(found.identityCodes, path);
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], path: join(path, String(i)) });
    } else if (v !== null && typeof v === 'object') {
      const keys = Object.keys(v);
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i]!;
        const at = join(path, key);
        if (FORBIDDEN_KEYS.has(key)) {
          add(found.forbiddenKeys, at);
          continue;
        }
        // A bad key is reported as `(key)` under its parent, never by its text, and not descended into
        // (the paths below it would carry that text).
        if (!exempt(at)) {
          const badCharacters = hasInvalidCharacters(key);
          const code = hasIdentityCodeShape(key);
          if (badCharacters) add(found.invalidCharacters, join(path, '(key)'));
          if (code) add(found.identityCodes, join(path, '(key)'));
          if (badCharacters || code) continue;
        }
        stack.push({ value: (v as Record<string, unknown>)[key], path: at });
      }
    }
  }
  return found;
}
