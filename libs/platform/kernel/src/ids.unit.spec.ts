import { ID_GENERATOR, randomIds, SequentialIds } from './ids';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('id generators', () => {
  it('sequential ids are predictable version-4 uuids', () => {
    const ids = new SequentialIds();
    expect([ids.uuid(), ids.uuid()]).toEqual(['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002']);
    const more = Array.from({ length: 20 }, () => ids.uuid());
    expect(more.every((id) => UUID_V4.test(id))).toBe(true);
    expect(more[more.length - 1]).toBe('00000000-0000-4000-8000-000000000016');
  });

  it('a prefix keeps two generators apart and must be hex', () => {
    expect(new SequentialIds('B1').uuid()).toBe('000000b1-0000-4000-8000-000000000001');
    expect(new SequentialIds('B1').uuid()).not.toBe(new SequentialIds('A1').uuid());
    expect(() => new SequentialIds('billing')).toThrow(RangeError);
    expect(() => new SequentialIds('123456789')).toThrow(RangeError);
  });

  it('random ids are distinct version-4 uuids', () => {
    const a = randomIds.uuid();
    expect(a).toMatch(UUID_V4);
    expect(randomIds.uuid()).not.toBe(a);
    expect(ID_GENERATOR).toBe(Symbol.for('luotsi.ids'));
  });
});
