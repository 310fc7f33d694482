export interface IdGenerator {
  uuid(): string;
}

/** Web Crypto's uuid (a global in Node 20 and browsers), so the kernel needs no node built-in. */
export const randomIds: IdGenerator = { uuid: () => globalThis.crypto.randomUUID() };

/**
 * Predictable ids for tests: 00000000-0000-4000-8000-000000000001, 00000000-0000-4000-8000-000000000002, …
 * They are valid version-4 uuids, so schema validation of events accepts them. The optional prefix
 * (up to eight hex digits) fills the first group, to keep two generators' ids apart.
 */
export class SequentialIds implements IdGenerator {
  private counter = 0;
  private readonly head: string;

  constructor(prefix = '') {
    if (!/^[0-9a-f]{0,8}$/i.test(prefix))
      throw new RangeError(`a SequentialIds prefix is up to eight hex digits, got ${JSON.stringify(prefix)}`);
    this.head = prefix.toLowerCase().padStart(8, '0');
  }

  uuid(): string {
    this.counter += 1;
    return `${this.head}-0000-4000-8000-${this.counter.toString(16).padStart(12, '0')}`;
  }
}

/** DI token for the NestJS layer. */
export const ID_GENERATOR = Symbol.for('luotsi.ids');
