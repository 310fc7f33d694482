import { randomUUID } from 'node:crypto';
import { dropSchema, ensureSchema, PostgresPool } from '@luotsi/database';
import { describeWithPostgres, testPostgresUrl, waitUntil } from '@luotsi/testing';
import { AdvisoryLockLeadership } from './leadership';

describeWithPostgres()('AdvisoryLockLeadership', () => {
  const url = testPostgresUrl()!;
  const schemas = [`ld_${randomUUID().replace(/-/g, '').slice(0, 12)}`, `ld_${randomUUID().replace(/-/g, '').slice(0, 12)}`];
  const pools: PostgresPool[] = [];
  const replica = (schema: string) => {
    const pool = new PostgresPool({ url, schema, max: 2 });
    pools.push(pool);
    return new AdvisoryLockLeadership(pool, 50);
  };
  const never = new AbortController().signal;
  beforeAll(async () => {
    for (const s of schemas) await ensureSchema(url, s);
  });
  afterAll(async () => {
    for (const p of pools) await p.end();
    for (const s of schemas) await dropSchema(url, s);
  });

  it('lets one replica lead a job at a time and hands over when it lets go', async () => {
    const [a, b] = [replica(schemas[0]!), replica(schemas[0]!)];
    const first = (await a.acquire('relay:x', never))!;
    let second: Awaited<ReturnType<typeof b.acquire>> | undefined;
    const waiting = b.acquire('relay:x', never).then((h) => (second = h));
    await new Promise((r) => setTimeout(r, 300));
    expect(second).toBeUndefined();
    await first.release();
    await waiting;
    expect(second).not.toBeNull();
    await second!.release();
  });

  it('keeps schemas (services, test runs) and job names apart', async () => {
    const held = await Promise.all([
      replica(schemas[0]!).acquire('relay:x', never),
      replica(schemas[1]!).acquire('relay:x', never),
      replica(schemas[0]!).acquire('relay:y', never),
    ]);
    expect(held.every((h) => h !== null)).toBe(true);
    for (const h of held) await h!.release();
  });

  it('stops leading when its connection is gone, and another replica takes over', async () => {
    const [a, b] = [replica(schemas[0]!), replica(schemas[0]!)];
    const leader = (await a.acquire('relay:z', never))!;
    const follower = b.acquire('relay:z', never);
    await pools[0]!.query(
      `SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid()
      AND objid = (SELECT (hashtextextended($1 || ':relay:z', 0) & 4294967295)::oid)`,
      [schemas[0]],
    );
    await waitUntil(() => leader.lost.aborted, { timeoutMs: 5000, what: 'the leader to notice' });
    const next = await follower;
    expect(next).not.toBeNull();
    await leader.release();
    await next!.release();
  });

  it('gives up waiting when its signal aborts', async () => {
    const [a, b] = [replica(schemas[0]!), replica(schemas[0]!)];
    const leader = (await a.acquire('relay:w', never))!;
    const abort = new AbortController();
    const waiting = b.acquire('relay:w', abort.signal);
    abort.abort();
    expect(await waiting).toBeNull();
    await leader.release();
  });

  it('runs every job of a process on one connection, and a second job of the same name waits', async () => {
    const pool = new PostgresPool({ url, schema: schemas[1]!, max: 2 });
    pools.push(pool);
    const shared = new AdvisoryLockLeadership(pool, 50);
    // Three jobs led on a pool of two connections: one session holds all their locks.
    const jobs = await Promise.all(['job:a', 'job:b', 'job:c'].map((n) => shared.acquire(n, never)));
    expect(jobs.every((h) => h !== null)).toBe(true);
    let twin: Awaited<ReturnType<typeof shared.acquire>> | undefined;
    const waiting = shared.acquire('job:a', never).then((h) => (twin = h));
    await new Promise((r) => setTimeout(r, 200));
    expect(twin).toBeUndefined();
    await jobs[0]!.release();
    await waiting;
    expect(twin).not.toBeNull();
    for (const h of [twin, jobs[1], jobs[2]]) await h!.release();
  });
});
