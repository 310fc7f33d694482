import { randomUUID } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Kafka, logLevel, Partitioners, type KafkaMessage } from 'kafkajs';
import { Pool } from 'pg';
import { DEMO_DIRECTORY, WEB_CLIENT } from '@luotsi/auth';
import { dropSchema } from '@luotsi/database';
import { createKafka, ensureTopics, prefixedTopic } from '@luotsi/messaging';
import {
  describeWith,
  requireInfra,
  startTsProcess,
  testKafkaBrokers,
  testPostgresUrl,
  waitUntil,
  type RunningProcess,
} from '@luotsi/testing';

/** The SASL/SCRAM listener of the same broker (.ci/run exports KAFKA_SASL_BROKERS; start.sh puts it on KAFKA_PORT+2). */
const saslBrokers = (): string[] | undefined => {
  const v = process.env['LUOTSI_TEST_KAFKA_SASL_BROKERS'] ?? process.env['KAFKA_SASL_BROKERS'];
  return v ? v.split(',').map((b) => b.trim()) : undefined;
};
const keycloak = process.env['LUOTSI_TEST_KEYCLOAK_URL']?.replace(/\/+$/, '');
const ROOT = join(__dirname, '..', '..', '..');

async function token(issuer: string, form: Record<string, string>): Promise<{ Authorization: string }> {
  const res = await fetch(`${issuer}/protocol/openid-connect/token`, { method: 'POST', body: new URLSearchParams(form) });
  const body = (await res.json()) as { access_token?: string };
  if (!body.access_token) throw new Error(`no token from ${issuer}: ${res.status}`);
  return { Authorization: `Bearer ${body.access_token}` };
}

interface Seen {
  offset: string;
  value: Record<string, unknown>;
}

/**
 * Over the real broker with SASL and ACLs: the feed as its own process routes provider choice's,
 * billing's and the service catalogue's public events (produced on their topics as those contexts' gateways do) to one
 * topic per municipality; each municipality's principal (provisioned by infra/kafka/provision.sh)
 * reads its own topic and nothing else; the reference consumer mirrors a feed into PostgreSQL and
 * survives being killed; the HTTP replay (signed in at Keycloak) equals the topic.
 */
describeWith(
  'Kafka with its SASL listener, PostgreSQL and Keycloak (LUOTSI_TEST_KAFKA_BROKERS, KAFKA_SASL_BROKERS, LUOTSI_TEST_KEYCLOAK_URL)',
  testKafkaBrokers() && saslBrokers() && testPostgresUrl() && keycloak,
)('the municipalities’ feed over the real broker with SASL/SCRAM and ACLs', () => {
  const url = testPostgresUrl()!;
  const brokers = testKafkaBrokers()!;
  const sasl = saslBrokers()!;
  const issuer = `${keycloak}/realms/luotsi`;
  const run = randomUUID().slice(0, 8);
  const prefix = `e2e-feed-${run}`;
  const schemas = { feed: `e2e_feed_${run}`, registry: `e2e_feedreg_${run}`, m837: `e2e_m837_${run}`, m091: `e2e_m091_${run}` };
  const principals = {
    '837': { username: `feed-${run}-837`, password: `pw-837-${run}-0123456789` },
    '091': { username: `feed-${run}-091`, password: `pw-091-${run}-0123456789` },
  };
  const port = 45000 + Math.floor(Math.random() * 1000);
  const pool = new Pool({ connectionString: url, max: 2 });
  let feed: RunningProcess | undefined;
  const mirrors: RunningProcess[] = [];
  const topic = (code: string) => prefixedTopic(prefix, `luotsi.municipality.${code}.v1`);
  const asMunicipality = (code: '837' | '091') =>
    new Kafka({
      clientId: `e2e-${code}`,
      brokers: sasl,
      sasl: { mechanism: 'scram-sha-512', ...principals[code] },
      logLevel: logLevel.NOTHING,
      retry: { retries: 2, initialRetryTime: 100 },
    });
  const count = async (sql: string) => Number((await pool.query<{ n: string }>(sql)).rows[0]!.n);
  const startMirror = (code: '837' | '091') => {
    const proc = startTsProcess('tools/municipality-consumer/main.ts', {
      FEED_BROKERS: sasl.join(','),
      FEED_USERNAME: principals[code].username,
      FEED_PASSWORD: principals[code].password,
      FEED_MUNICIPALITY: code,
      FEED_TOPIC_PREFIX: prefix,
      FEED_DATABASE_URL: url,
      FEED_SCHEMA: code === '837' ? schemas.m837 : schemas.m091,
      // Fetches of about one event (one transaction each), so a kill lands mid-way.
      FEED_MAX_BATCH_BYTES: '512',
    });
    mirrors.push(proc);
    return proc;
  };

  /** Reads a municipality's whole topic as its own principal, in a group of its own prefix. */
  const readTopic = async (code: '837' | '091', expected: number): Promise<Seen[]> => {
    const consumer = asMunicipality(code).consumer({
      groupId: prefixedTopic(prefix, `municipality-${code}.e2e-${randomUUID().slice(0, 6)}`),
    });
    await consumer.connect();
    const seen: Seen[] = [];
    try {
      await consumer.subscribe({ topic: topic(code), fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }: { message: KafkaMessage }) => {
          seen.push({ offset: message.offset, value: JSON.parse(message.value!.toString()) });
        },
      });
      await waitUntil(() => seen.length >= expected, { timeoutMs: 60_000, what: `${expected} events on ${code}'s topic` });
      await new Promise((r) => setTimeout(r, 500)); // anything beyond would be a duplicate or a stray
    } finally {
      await consumer.disconnect();
    }
    return seen;
  };

  beforeAll(async () => {
    execFileSync(
      'bash',
      ['infra/kafka/provision.sh', ...(['837', '091'] as const).map((c) => `${principals[c].username}=${c}:${principals[c].password}`)],
      { cwd: ROOT, env: { ...process.env, KAFKA_BROKERS: brokers[0]!, KAFKA_TOPIC_PREFIX: prefix }, stdio: 'pipe' },
    );
    // The topics the feed consumes: provider choice's and billing's exist in any installation; the two in the making too.
    await ensureTopics(
      createKafka({ brokers, clientId: 'e2e-feed-setup' }),
      ['provider-choice', 'billing', 'contact-intake', 'client-plans', 'service-catalogue'].map((c) => ({
        topic: `luotsi.${c}.v1`,
        partitions: 3,
      })),
      prefix,
    );
    feed = startTsProcess('apps/municipality-feed/src/main.ts', {
      DATABASE_URL: url,
      DATABASE_SCHEMA: schemas.feed,
      KAFKA_BROKERS: brokers.join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      PORT: String(port),
      OIDC_ISSUER: issuer,
      LUOTSI_REGISTRY_SCHEMA: schemas.registry,
      LUOTSI_IDENTITY_KEY: `e2e-identity-key-${run}-0123456789abcdef`,
      LUOTSI_FIXED_NOW: '2027-04-02T10:00:00Z',
      LUOTSI_FEED_REPORT_INTERVAL_MS: '0',
      LOG_LEVEL: 'info',
    });
    await feed.waitFor(/listening on http/, 120_000);
  }, 240_000);

  afterAll(async () => {
    for (const m of mirrors) await m.kill('SIGKILL');
    await feed?.kill();
    await pool.end();
    for (const s of Object.values(schemas)) await dropSchema(url, s);
  }, 60_000);

  /** The topic's end offset, asked over the loopback listener (the topic appears with the feed's first event). */
  const highWatermark = async (code: string): Promise<number> => {
    const admin = createKafka({ brokers, clientId: 'e2e-feed-watch' }).admin();
    await admin.connect();
    try {
      if (!(await admin.listTopics()).includes(topic(code))) return 0;
      return (await admin.fetchTopicOffsets(topic(code))).reduce((n, p) => n + Number(p.high), 0);
    } finally {
      await admin.disconnect();
    }
  };

  // 120 residents of Tampere and 3 of Helsinki, each registered and listed; one moves from Tampere to Helsinki.
  const TAMPERE = 120;
  const produced = { '837': 0, '091': 0 };
  const publish = async () => {
    const producer = createKafka({ brokers, clientId: 'e2e-feed-contexts' }).producer({
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    const event = (context: string, type: string, subject: string, data: Record<string, unknown>) => ({
      key: subject,
      value: JSON.stringify({
        specversion: '1.0',
        id: randomUUID(),
        type: `fi.luotsi.${context}.${type}.v1`,
        source: `/luotsi/${context}`,
        subject,
        time: '2027-01-01T00:00:00Z',
        datacontenttype: 'application/json',
        data,
      }),
      headers: { 'content-type': 'application/cloudevents+json; charset=UTF-8' },
    });
    const resident = (p: string, code: string) => [
      event('provider-choice', 'resident-registered', `listing-${p}`, {
        personRef: p,
        birthDate: '1950-03-15',
        sex: 'female',
        postalCode: code === '837' ? '33710' : '00100',
        municipalityCode: code,
        residentFrom: '2018-01-01',
        eligible: true,
      }),
      event('provider-choice', 'listing-started', `listing-${p}`, {
        personRef: p,
        stationId: code === '837' ? 'hervanta' : 'kallio',
        providerId: code === '837' ? 'tampere' : 'helsinki',
        effectiveFrom: '2027-01-01',
        reason: 'default',
        requestId: null,
        birthDate: '1950-03-15',
        sex: 'female',
        postalCode: code === '837' ? '33710' : '00100',
        municipalityCode: code,
      }),
    ];
    const messages = [
      ...Array.from({ length: TAMPERE }, (_, i) => resident(`t-${run}-${i}`, '837')).flat(),
      ...Array.from({ length: 3 }, (_, i) => resident(`h-${run}-${i}`, '091')).flat(),
      event('provider-choice', 'resident-moved', `listing-t-${run}-0`, {
        personRef: `t-${run}-0`,
        movedOn: '2027-02-10',
        fromPostalCode: '33710',
        postalCode: '00100',
        municipalityCode: '091',
        eligible: true,
      }),
    ];
    produced['837'] = TAMPERE * 2 + 1; // + the move-out
    produced['091'] = 3 * 2 + 1; // + the move-in
    await producer.send({ topic: prefixedTopic(prefix, 'luotsi.provider-choice.v1'), messages });
    // A catalogue service offered in both municipalities: each gets it once, on its own topic.
    await producer.send({
      topic: prefixedTopic(prefix, 'luotsi.service-catalogue.v1'),
      messages: [
        event('service-catalogue', 'service-published', 'catservice-sosiaaliohjaus-aikuiset', {
          serviceId: 'sosiaaliohjaus-aikuiset',
          validFrom: '2027-01-15',
          names: { fi: 'Sosiaaliohjaus aikuisille', sv: 'Socialhandledning för vuxna' },
          summaries: {},
          descriptions: { fi: 'Sosiaaliohjaaja auttaa arjen kysymyksissä.' },
          keywords: {},
          arrangingOrganisation: { id: 'pirkanmaa', name: { fi: 'Pirkanmaan hyvinvointialue' }, kind: 'county' },
          producingOrganisations: [],
          targetGroups: ['working-age'],
          accessModes: ['appointment'],
          legalBasis: [],
          languages: ['fi', 'sv'],
          area: 'municipalities',
          municipalities: ['091', '837'],
          channelIds: ['hervanta-sosiaaliasema'],
          source: 'county',
        }),
      ],
    });
    produced['837'] += 1;
    produced['091'] += 1;
    // Topics keep no order between them: billing's fee for the resident who moved comes days after the
    // move, so it is sent once the move is routed (then it is Helsinki's).
    await waitUntil(async () => (await highWatermark('837')) >= produced['837'] && (await highWatermark('091')) >= produced['091'], {
      timeoutMs: 150_000,
      intervalMs: 250,
      what: 'the feed to route provider choice’s events',
    });
    // Billing's fee for the resident who moved: charged after the move, so Helsinki's.
    await producer.send({
      topic: prefixedTopic(prefix, 'luotsi.billing.v1'),
      messages: [
        event('billing', 'client-fee-charged', `fee-t-${run}-0`, {
          personRef: `t-${run}-0`,
          year: 2027,
          visitId: 'v-1',
          date: '2027-03-09',
          serviceType: 'doctor-visit',
          listPriceCents: 2390,
          chargedCents: 2390,
          countsTowardCap: true,
          accumulatedCents: 2390,
        }),
      ],
    });
    produced['091'] += 1;
    await producer.disconnect();
  };

  it('routes each municipality exactly its own events, once, in order, minimised, on its own topic', async () => {
    const t0 = Date.now();
    await publish();
    await waitUntil(async () => (await highWatermark('837')) >= produced['837'] && (await highWatermark('091')) >= produced['091'], {
      timeoutMs: 150_000,
      intervalMs: 250,
      what: 'the feed to route every event to the municipalities’ topics',
    });
    process.stdout.write(`routed ${produced['837'] + produced['091']} feed events in ${Date.now() - t0} ms\n`);
    const tampere = await readTopic('837', produced['837']);
    const helsinki = await readTopic('091', produced['091']);
    for (const [code, seen] of [
      ['837', tampere],
      ['091', helsinki],
    ] as const) {
      expect(seen).toHaveLength(produced[code]);
      expect(seen.map((s) => s.value['sequence'])).toEqual(seen.map((_, i) => i + 1));
      expect(new Set(seen.map((s) => s.value['id'])).size).toBe(seen.length);
      expect(seen.every((s) => s.value['municipality'] === code)).toBe(true);
      expect(JSON.stringify(seen)).not.toMatch(/birthDate|1950-03-15|postalCode|"sex"/);
    }
    // Per resident in order (the contexts' topics keep order per key, not across keys).
    const ofMover = tampere.filter((s) => s.value['subject'] === `t-${run}-0`).map((s) => s.value['type']);
    expect(ofMover).toEqual([
      'fi.luotsi.municipality.resident-registered.v1',
      'fi.luotsi.municipality.listing-started.v1',
      'fi.luotsi.municipality.resident-moved-out.v1',
    ]);
    expect(tampere.filter((s) => String(s.value['subject']).startsWith('h-'))).toEqual([]);
    for (const seen of [tampere, helsinki])
      expect(seen.filter((s) => s.value['subject'] === 'sosiaaliohjaus-aikuiset').map((s) => s.value['data'])).toEqual([
        {
          serviceId: 'sosiaaliohjaus-aikuiset',
          validFrom: '2027-01-15',
          names: { fi: 'Sosiaaliohjaus aikuisille', sv: 'Socialhandledning för vuxna' },
          channelIds: ['hervanta-sosiaaliasema'],
          basis: ['area'],
        },
      ]);
    const types = (seen: Seen[]) => seen.map((s) => String(s.value['type']));
    expect(types(helsinki).sort()).toEqual(
      [
        ...Array.from({ length: 3 }, () => [
          'fi.luotsi.municipality.resident-registered.v1',
          'fi.luotsi.municipality.listing-started.v1',
        ]).flat(),
        'fi.luotsi.municipality.resident-moved-in.v1',
        'fi.luotsi.municipality.service-published.v1',
        'fi.luotsi.municipality.client-fee-collected.v1',
      ].sort(),
    );
    // The fee came after the move (so it is Helsinki's): the last event, with no person in it.
    expect(helsinki.at(-1)!.value).toMatchObject({ type: 'fi.luotsi.municipality.client-fee-collected.v1', subject: 'client-fees' });
    expect(helsinki.find((s) => s.value['type'] === 'fi.luotsi.municipality.resident-moved-in.v1')!.value['data']).toEqual({
      personRef: `t-${run}-0`,
      movedInOn: '2027-02-10',
      eligible: true,
      listing: { providerId: 'tampere', stationId: 'hervanta', since: '2027-01-01' },
    });
  }, 240_000);

  it('refuses a municipality’s principal another municipality’s topic, the contexts’ topics and groups outside its prefix', async () => {
    const refusal = async (topicName: string, group: string) => {
      const consumer = asMunicipality('837').consumer({ groupId: group });
      await consumer.connect();
      try {
        await consumer.subscribe({ topic: topicName, fromBeginning: true });
        await consumer.run({ eachMessage: async () => undefined });
        return 'allowed';
      } catch (error) {
        return (error as { type?: string }).type ?? String(error);
      } finally {
        await consumer.disconnect().catch(() => undefined);
      }
    };
    expect(await refusal(topic('091'), prefixedTopic(prefix, 'municipality-837.cross'))).toBe('TOPIC_AUTHORIZATION_FAILED');
    expect(await refusal(prefixedTopic(prefix, 'luotsi.provider-choice.v1'), prefixedTopic(prefix, 'municipality-837.cross'))).toBe(
      'TOPIC_AUTHORIZATION_FAILED',
    );
    // Its own topic, but a consumer group outside municipality-837.*: the group is refused.
    const admin = asMunicipality('837').admin();
    await admin.connect();
    const own = await admin.fetchTopicOffsets(topic('837'));
    expect(Number(own[0]!.high)).toBe(produced['837']);
    await expect(admin.fetchTopicOffsets(topic('091'))).rejects.toMatchObject({ type: 'TOPIC_AUTHORIZATION_FAILED' });
    await admin.disconnect();
    // kafkajs reports the broker's GROUP_AUTHORIZATION_FAILED on FindCoordinator only as "group coordinator
    // not found"; its protocol log carries the broker's own error, so that is what is checked.
    const brokerErrors: string[] = [];
    const watched = new Kafka({
      clientId: 'e2e-837-wrong-group',
      brokers: sasl,
      sasl: { mechanism: 'scram-sha-512', ...principals['837'] },
      logLevel: logLevel.DEBUG,
      logCreator:
        () =>
        ({ log }) => {
          const type = (log as { error?: { type?: string } }).error?.type;
          if (typeof type === 'string') brokerErrors.push(type);
        },
      retry: { retries: 1, initialRetryTime: 100 },
    }).admin();
    await watched.connect();
    await expect(
      watched.fetchOffsets({ groupId: prefixedTopic(prefix, 'municipality-091.steal'), topics: [topic('837')] }),
    ).rejects.toThrow();
    await watched.disconnect();
    expect(brokerErrors).toContain('GROUP_AUTHORIZATION_FAILED');
  }, 120_000);

  /**
   * The integration engineer's check from outside with kcat (docs/municipality-feed.md). A kcat on
   * librdkafka before 2.6.1 (Debian 12's: 2.0.2) repeats the client nonce in SCRAM's final message
   * and Kafka 4 refuses it as invalid credentials; that is checked too, so the docs' claim stays true.
   */
  it('kcat as a municipality lists and reads its own topic and is refused another’s (or, on an old librdkafka, SCRAM)', () => {
    const version = spawnSync('kcat', ['-V'], { encoding: 'utf8', timeout: 10_000 });
    if (version.error && !requireInfra()) return; // kcat is optional outside CI
    if (version.error) throw new Error(`kcat could not run (${version.error.message}); CI installs it with infra/kafka/ensure-kcat.sh`);
    const [major, minor, patch] = (/librdkafka (\d+)\.(\d+)\.(\d+)/.exec(version.stdout) ?? []).slice(1).map(Number);
    const fixed = major! > 2 || (major === 2 && (minor! > 6 || (minor === 6 && patch! >= 1)));
    const scram = [
      ['-b', sasl[0]!],
      ['-X', 'security.protocol=SASL_PLAINTEXT'],
      ['-X', 'sasl.mechanisms=SCRAM-SHA-512'],
      ['-X', `sasl.username=${principals['837'].username}`],
      ['-X', `sasl.password=${principals['837'].password}`],
    ].flat();
    const kcat = (...args: string[]) => spawnSync('kcat', [...scram, ...args], { encoding: 'utf8', timeout: 60_000 });
    if (!fixed) {
      const refused = kcat('-L', '-m', '5');
      expect(refused.status).not.toBe(0);
      expect(refused.stderr).toContain('invalid credentials with SASL mechanism SCRAM-SHA-512');
      return;
    }
    // -L shows only the topics the principal may describe: its own.
    const metadata = JSON.parse(kcat('-L', '-J').stdout) as { topics: Array<{ topic: string }> };
    const visible = metadata.topics.map((t) => t.topic);
    expect(visible).toContain(topic('837'));
    expect(visible.filter((t) => !t.startsWith(prefixedTopic(prefix, 'luotsi.municipality.837.')))).toEqual([]);
    const own = kcat('-C', '-t', topic('837'), '-o', 'beginning', '-e', '-q', '-f', '%k\t%s\n');
    expect(own.status).toBe(0);
    const lines = own.stdout.trim().split('\n');
    expect(lines).toHaveLength(produced['837']);
    for (const line of lines) {
      const [key, value] = line.split('\t');
      expect(JSON.parse(value!)).toMatchObject({ municipality: '837', subject: key });
    }
    const other = kcat('-C', '-t', topic('091'), '-o', 'beginning', '-e', '-q');
    expect(other.status).not.toBe(0);
    expect(other.stderr).toContain('Topic authorization failed');
  }, 120_000);

  it('the HTTP replay gives the same events as the topic, page by page, to the municipality signed in at Keycloak', async () => {
    const account = DEMO_DIRECTORY.serviceAccounts.find((a) => a.clientId === 'municipality-837')!;
    const headers = await token(issuer, { grant_type: 'client_credentials', client_id: account.clientId, client_secret: account.secret });
    const replayed: unknown[] = [];
    for (let after = 0; ;) {
      const res = await fetch(`http://127.0.0.1:${port}/feeds/837/events?after=${after}&limit=50`, { headers });
      expect(res.status).toBe(200);
      const page = (await res.json()) as { events: unknown[]; next: number };
      if (page.events.length === 0) break;
      replayed.push(...page.events);
      after = page.next;
    }
    const onTopic = (await readTopic('837', produced['837'])).map((s) => s.value);
    expect(replayed).toEqual(onTopic);
    const other = await fetch(`http://127.0.0.1:${port}/feeds/091/events`, { headers });
    expect(other.status).toBe(403);
  }, 120_000);

  it('the reference consumer, killed mid-way and restarted, ends with every event applied once; the delivery record shows it', async () => {
    const events = `SELECT count(*) AS n FROM ${schemas.m837}.feed_events`;
    let mirror = startMirror('837');
    await mirror.waitFor(/mirror started/, 90_000);
    // Killed hard as soon as its first transaction is committed, long before the last.
    await mirror.waitFor(/applied a batch/, 60_000);
    await mirror.kill('SIGKILL');
    const atKill = await count(events);
    // A second run of the same mirror resumes from its checkpoint and ends with everything once.
    mirror = startMirror('837');
    await mirror.waitFor(/mirror started/, 90_000);
    await waitUntil(async () => (await count(events)) === produced['837'], {
      timeoutMs: 90_000,
      what: `${produced['837']} events mirrored`,
    });
    await new Promise((r) => setTimeout(r, 1000));
    expect(await count(events)).toBe(produced['837']);
    expect(atKill).toBeGreaterThan(0);
    expect(atKill).toBeLessThan(produced['837']);
    expect(await count(`SELECT count(DISTINCT sequence) AS n FROM ${schemas.m837}.feed_events`)).toBe(produced['837']);
    expect(await count(`SELECT max(sequence) AS n FROM ${schemas.m837}.feed_events`)).toBe(produced['837']);
    // The mirror's tables: 119 Tampere residents still living there with their listings.
    expect(await count(`SELECT count(*) AS n FROM ${schemas.m837}.residents WHERE living_here`)).toBe(TAMPERE - 1);
    expect(await count(`SELECT count(*) AS n FROM ${schemas.m837}.listings`)).toBe(TAMPERE - 1);
    expect(await count(`SELECT count(*) AS n FROM ${schemas.m837}.own_services WHERE held`)).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM ${schemas.m837}.dead_letters`)).toBe(0);
    expect(mirror.output()).toMatch(new RegExp(`"resumeFrom":"\\d+"`));

    const operator = await token(issuer, {
      grant_type: 'password',
      client_id: WEB_CLIENT.clientId,
      username: 'olli.operator',
      password: DEMO_DIRECTORY.password,
    });
    await waitUntil(
      async () => {
        const res = await fetch(`http://127.0.0.1:${port}/feeds/delivery`, { headers: operator });
        const body = (await res.json()) as {
          municipalities: Array<{ municipality: string; subscribers: Array<{ group: string; lag: number; deliveredSequence: number }> }>;
        };
        const mirrorGroup = body.municipalities
          .find((m) => m.municipality === '837')
          ?.subscribers.find((s) => s.group === 'municipality-837.mirror');
        return mirrorGroup?.lag === 0 && mirrorGroup.deliveredSequence === produced['837'];
      },
      { timeoutMs: 30_000, what: 'the mirror in the delivery record with no lag' },
    );
  }, 240_000);
});
