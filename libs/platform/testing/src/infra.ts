/**
 * Which real servers a test may use. `npm test` (tools/test/run-tiers.mjs) probes them and passes
 * what it found in these variables; a test needing an absent server is skipped with the reason, and
 * with LUOTSI_REQUIRE_INFRA=1 (CI) it fails instead.
 */
export const requireInfra = (): boolean => process.env['LUOTSI_REQUIRE_INFRA'] === '1';

export function testPostgresUrl(): string | undefined {
  return process.env['LUOTSI_TEST_DATABASE_URL'] || undefined;
}

export function testKafkaBrokers(): string[] | undefined {
  const brokers = process.env['LUOTSI_TEST_KAFKA_BROKERS'];
  return brokers ? brokers.split(',').map((b) => b.trim()) : undefined;
}

/** KAFKA_TOPIC_PREFIX of a test run: runs sharing one broker keep apart on their own topics. */
export function testKafkaTopicPrefix(): string {
  return process.env['KAFKA_TOPIC_PREFIX'] ?? '';
}

export function testEventStoreUrl(): string | undefined {
  return process.env['EVENTSTORE_URL'] || undefined;
}

/** `describe` when the server is there; otherwise a skipped block that says why (or a failure in CI). */
export function describeWith(what: string, available: unknown): jest.Describe {
  if (available) return describe;
  if (requireInfra()) {
    return ((name: string) => {
      describe(name, () => {
        it(`needs ${what}`, () => {
          throw new Error(`${what} is not available but LUOTSI_REQUIRE_INFRA=1`);
        });
      });
    }) as unknown as jest.Describe;
  }
  return ((name: string, fn: () => void) => describe.skip(`${name} [skipped: no ${what}]`, fn)) as unknown as jest.Describe;
}

export const describeWithPostgres = (): jest.Describe => describeWith('PostgreSQL (LUOTSI_TEST_DATABASE_URL)', testPostgresUrl());
export const describeWithKafka = (): jest.Describe =>
  describeWith('Kafka (LUOTSI_TEST_KAFKA_BROKERS)', testKafkaBrokers() && testPostgresUrl());
