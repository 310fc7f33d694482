import { randomUUID } from 'node:crypto';

export interface IdGenerator {
  uuid(): string;
}

export const randomIds: IdGenerator = { uuid: () => randomUUID() };

/** Predictable uuid-shaped ids for tests: 00000000-0000-4000-8000-000000000001, … */
export class SequentialIds implements IdGenerator {
  private next = 0;
  constructor(private readonly prefix = '00000000') {}
  uuid(): string {
    this.next += 1;
    return `${this.prefix.padStart(8, '0').slice(0, 8)}-0000-4000-8000-${this.next.toString(16).padStart(12, '0')}`;
  }
}

export const ID_GENERATOR = Symbol.for('luotsi.ids');
