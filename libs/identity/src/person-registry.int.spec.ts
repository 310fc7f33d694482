import { FixedClock, Hetu, LocalDate, PersonRef, randomIds } from '@luotsi/kernel';
import { PglitePool, type SqlPool } from '@luotsi/database';
import { PersonRegistry } from './person-registry';

const code = (n: number) => Hetu.generate(LocalDate.parse('1980-01-01'), 100 + n);

describe('PersonRegistry', () => {
  let pool: SqlPool;
  let registry: PersonRegistry;
  const clock = new FixedClock('2026-11-23T10:00:00Z');
  beforeAll(async () => {
    pool = await PglitePool.open();
    registry = await PersonRegistry.open(pool, { ids: randomIds, clock });
  }, 60_000);
  afterAll(() => pool.end());

  it('gives one personRef per identity code, in bulk and one by one alike', async () => {
    const single = await registry.resolve(code(1), true);
    const { found, invalid } = await registry.resolveMany([code(1), code(2), code(3), code(2)], true);
    expect(invalid.size).toBe(0);
    expect(found.get(code(1))).toMatchObject({ personRef: single!.personRef, created: false });
    expect(found.get(code(2))).toMatchObject({ created: true });
    expect(found.get(code(3))).toMatchObject({ created: true });
    expect(found.get(code(2))!.personRef).not.toBe(found.get(code(3))!.personRef);
    expect(found.get(code(2))!.hetu.birthDate).toBe('1980-01-01');
    const again = await registry.resolveMany([code(2)], true);
    expect(again.found.get(code(2))).toMatchObject({ personRef: found.get(code(2))!.personRef, created: false });
    expect((await registry.resolve(code(3), false))!.personRef).toBe(found.get(code(3))!.personRef);
  });

  it('reports invalid codes apart and looks up without creating', async () => {
    const { found, invalid } = await registry.resolveMany(['131052-308U', code(50)], false);
    expect(invalid.get('131052-308U')).toMatchObject({ code: expect.any(String) });
    expect(found.size).toBe(0);
    expect(await registry.resolve(code(50), false)).toBeNull();
  });

  it('answers every spelling of one code alike, as one person', async () => {
    const c = code(80);
    const { found } = await registry.resolveMany([c, ` ${c.toLowerCase()}`, c], true);
    expect(found.get(c)).toMatchObject({ created: true });
    expect(found.get(` ${c.toLowerCase()}`)).toEqual(found.get(c));
  });

  it('refuses a code whose birth date has not come yet, by the injected clock, without echoing it', async () => {
    const tomorrow = Hetu.generate(LocalDate.parse('2026-11-24'), 202);
    const today = Hetu.generate(LocalDate.parse('2026-11-23'), 202);
    const { found, invalid } = await registry.resolveMany(['130337F698V', tomorrow, today], true);
    expect(invalid.get('130337F698V')).toMatchObject({ code: 'INVALID_HETU', message: expect.stringContaining('future') });
    expect(invalid.get(tomorrow)).toMatchObject({ code: 'INVALID_HETU' });
    expect(JSON.stringify(invalid.get(tomorrow))).not.toContain(tomorrow.slice(0, 6));
    expect(found.get(today)).toMatchObject({ created: true });
    await expect(registry.resolve(tomorrow, false)).rejects.toMatchObject({ code: 'INVALID_HETU' });
  });

  it('forgets a person: the mapping goes, a tombstone without the code or personRef refuses the code again', async () => {
    const c = code(60);
    const { personRef } = (await registry.resolve(c, true))!;
    expect(await registry.isKnown(personRef)).toBe(true);
    expect(await registry.forget(personRef)).toBe(true);
    expect(await registry.forget(personRef)).toBe(false);
    expect(await registry.isKnown(personRef)).toBe(false);
    expect(await registry.resolve(c, false)).toBeNull();
    await expect(registry.require(c)).rejects.toMatchObject({ code: 'PERSON_NOT_FOUND' });
    await expect(registry.resolve(c, true)).rejects.toMatchObject({ code: 'PERSON_ERASED' });
    const { found, invalid } = await registry.resolveMany([c, code(61)], true);
    expect(invalid.get(c)).toMatchObject({ code: 'PERSON_ERASED' });
    expect(found.get(code(61))).toMatchObject({ created: true });
    // Lower case and spaces are the same code: the hash is of the normalised value.
    const spellings = await registry.resolveMany([` ${c.toLowerCase()} `, c], true);
    expect([...spellings.invalid.values()]).toEqual([
      expect.objectContaining({ code: 'PERSON_ERASED' }),
      expect.objectContaining({ code: 'PERSON_ERASED' }),
    ]);
    const rows = JSON.stringify((await pool.query('SELECT * FROM luotsi_registry.persons')).rows);
    expect(rows).not.toContain(c);
    expect(rows).not.toContain(personRef);
    expect(await registry.forget(PersonRef.fromUuid('00000000-0000-4000-8000-000000000000'))).toBe(false);
  });

  it('opens again with the same development key and refuses another key once hashes exist', async () => {
    const again = await PersonRegistry.open(pool, { ids: randomIds, clock });
    await expect(again.resolve(code(60), true)).rejects.toMatchObject({ code: 'PERSON_ERASED' });
    await expect(PersonRegistry.open(pool, { ids: randomIds, clock, identityKey: 'x'.repeat(32) })).rejects.toThrow(/identity key/);
  });

  it('hashes the codes of rows stored before tombstones existed', async () => {
    const old = await PglitePool.open();
    try {
      await old.query(
        `CREATE SCHEMA luotsi_registry; CREATE TABLE luotsi_registry.persons (person_ref text PRIMARY KEY, identity_code text NOT NULL UNIQUE, created_at timestamptz NOT NULL DEFAULT now())`,
      );
      const ref = PersonRef.fromUuid('11111111-1111-4111-8111-111111111111');
      await old.query('INSERT INTO luotsi_registry.persons (person_ref, identity_code) VALUES ($1, $2)', [ref, code(70)]);
      const upgraded = await PersonRegistry.open(old, { ids: randomIds, clock, identityKey: 'k'.repeat(40) });
      expect(await upgraded.resolve(code(70), true)).toMatchObject({ personRef: ref, created: false });
      expect(await upgraded.forget(ref)).toBe(true);
      await expect(upgraded.resolve(code(70), true)).rejects.toMatchObject({ code: 'PERSON_ERASED' });
    } finally {
      await old.end();
    }
  }, 60_000);
});
