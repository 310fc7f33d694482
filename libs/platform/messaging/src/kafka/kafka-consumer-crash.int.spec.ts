import { randomUUID } from 'node:crypto';
import { AclOperationTypes, AclPermissionTypes, AclResourceTypes, Kafka, logLevel, ResourcePatternTypes } from 'kafkajs';
import { describeWith, testKafkaBrokers, waitUntil } from '@luotsi/testing';
import { PrefixedKafkaServer } from './kafka-transport';

const saslBrokers = (): string[] | undefined => {
  const v = process.env['LUOTSI_TEST_KAFKA_SASL_BROKERS'] ?? process.env['KAFKA_SASL_BROKERS'];
  return v ? v.split(',').map((b) => b.trim()) : undefined;
};

/**
 * kafkajs leaves a consumer stopped after a crash it calls non-retriable (the faults tier saw it
 * when the broker's disk filled: "Failed to find group coordinator"); the platform's transport
 * replaces such a consumer until one runs. Made real here with an authorisation failure, which
 * kafkajs never retries: Tampere's demo principal (infra/kafka/provision.sh) may not use the
 * group, so its consumer crashes; once the group is granted, the replacement consumes.
 */
describeWith('Kafka with its SASL listener (LUOTSI_TEST_KAFKA_BROKERS, KAFKA_SASL_BROKERS)', testKafkaBrokers() && saslBrokers())(
  'the Kafka transport after a non-retriable consumer crash',
  () => {
    const run = randomUUID().slice(0, 8);
    const topic = `luotsi.municipality.837.crash-${run}`;
    const groupId = `crash-${run}`;
    const admin = new Kafka({ clientId: 'crash-admin', brokers: testKafkaBrokers() ?? [], logLevel: logLevel.NOTHING }).admin();
    const grant = {
      resourceType: AclResourceTypes.GROUP,
      resourceName: groupId,
      resourcePatternType: ResourcePatternTypes.PREFIXED,
      principal: 'User:municipality-837',
      host: '*',
      operation: AclOperationTypes.READ,
      permissionType: AclPermissionTypes.ALLOW,
    };
    let server: PrefixedKafkaServer | undefined;
    const logged: string[] = [];

    beforeAll(async () => {
      await admin.connect();
      await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
    }, 60_000);
    afterAll(async () => {
      await server?.close();
      await admin.deleteAcls({ filters: [grant] }).catch(() => undefined);
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await admin.disconnect();
    }, 60_000);

    it('replaces the crashed consumer until one runs, and then consumes', async () => {
      const received: string[] = [];
      server = new PrefixedKafkaServer(
        {
          client: {
            clientId: `crash-${run}`,
            brokers: saslBrokers()!,
            sasl: { mechanism: 'scram-sha-512', username: 'municipality-837', password: 'dev-kafka-secret-837' },
            retry: { retries: 1, initialRetryTime: 100 },
          },
          consumer: { groupId },
          postfixId: '',
          subscribe: { fromBeginning: true },
        },
        '',
      );
      const log = (message: unknown) => void logged.push(String(message));
      (server as unknown as { logger: Record<string, (m: unknown) => void> }).logger = {
        log,
        error: log,
        warn: log,
        debug: log,
        verbose: log,
        fatal: log,
      };
      server.addHandler(topic, async (data: unknown) => void received.push(JSON.stringify(data)), true);
      await new Promise<void>((resolve, reject) => void server!.listen((error?: unknown) => (error ? reject(error) : resolve())));

      // The group is not the principal's: the consumer crashes, and the transport replaces it.
      await waitUntil(() => logged.some((l) => /crashed without a restart/.test(l)), { timeoutMs: 60_000, what: 'the crash' }).catch(
        (e) => {
          throw new Error(`${e}; logged: ${logged.join(' | ').slice(0, 3000)}`);
        },
      );
      await admin.createAcls({ acl: [grant] });
      const producer = new Kafka({ clientId: 'crash-producer', brokers: testKafkaBrokers()!, logLevel: logLevel.NOTHING }).producer();
      await producer.connect();
      await producer.send({ topic, messages: [{ value: JSON.stringify({ hello: run }) }] });
      await producer.disconnect();
      await waitUntil(() => received.length > 0, { timeoutMs: 90_000, intervalMs: 250, what: 'the replaced consumer to consume' });
      expect(received[0]).toContain(run);
    }, 180_000);
  },
);
