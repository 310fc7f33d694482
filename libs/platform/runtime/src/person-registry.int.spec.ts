import { Hetu, LocalDate, randomIds } from '@luotsi/kernel';
import { PglitePool, type SqlPool } from '@luotsi/database';
import { PersonRegistry } from './person-registry';

const code = (n: number) => Hetu.generate(LocalDate.parse('1980-01-01'), 100 + n);

describe('PersonRegistry', () => {
  let pool: SqlPool;
  let registry: PersonRegistry;
  beforeAll(async () => {
    pool = await PglitePool.open();
    registry = await PersonRegistry.open(pool, randomIds);
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
});
