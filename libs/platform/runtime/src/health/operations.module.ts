import { Global, Inject, Module, type OnModuleInit } from '@nestjs/common';
import type { SqlPool } from '@luotsi/database';
import type { Kafka } from 'kafkajs';
import { MetricsController } from '../metrics/metrics.controller';
import { KAFKA, SQL_POOL } from '../tokens';
import { HealthProbesController } from './health-probes.controller';
import { ReadinessChecks } from './readiness';

/**
 * `/health/live`, `/health/ready` and `/metrics`. Ready checks the database and, with Kafka
 * configured, the broker; other modules inject `ReadinessChecks` and register their own.
 */
@Global()
@Module({ controllers: [HealthProbesController, MetricsController], providers: [ReadinessChecks], exports: [ReadinessChecks] })
export class OperationsModule implements OnModuleInit {
  constructor(
    private readonly readiness: ReadinessChecks,
    @Inject(SQL_POOL) private readonly pool: SqlPool,
    @Inject(KAFKA) private readonly kafka: Kafka | null,
  ) {}

  onModuleInit(): void {
    this.readiness.register({
      name: 'database',
      check: async () => {
        await this.pool.query('SELECT 1');
        return { ok: true };
      },
    });
    const kafka = this.kafka;
    if (kafka) {
      this.readiness.register({
        name: 'broker',
        check: async () => {
          const admin = kafka.admin({ retry: { retries: 0 } });
          try {
            await admin.connect();
            const cluster = await admin.describeCluster();
            return { ok: true, details: { brokers: cluster.brokers.length } };
          } finally {
            await admin.disconnect().catch(() => undefined);
          }
        },
      });
    }
  }
}
