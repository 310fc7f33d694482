import type { PoolClient } from 'pg';
import type { PostgresPool, SqlPool } from '@luotsi/database';

/**
 * LISTENs for appends made by other processes so their subscribers wake at once instead of at the
 * next idle poll. Losing the connection only costs latency (polling goes on), and it reconnects.
 */
export class PostgresWakeListener {
  private client: PoolClient | null = null;
  private stopped = false;
  private retry: NodeJS.Timeout | null = null;

  private constructor(
    private readonly pool: PostgresPool,
    private readonly channel: string,
    private readonly onWake: () => void,
  ) {}

  static async start(pool: SqlPool, channel: string, onWake: () => void): Promise<PostgresWakeListener> {
    const listener = new PostgresWakeListener(pool as PostgresPool, channel, onWake);
    await listener.connect().catch(() => listener.scheduleReconnect());
    return listener;
  }

  private async connect(): Promise<void> {
    const client = await this.pool.raw.connect();
    client.on('notification', () => this.onWake());
    client.on('error', () => {
      client.release(true);
      if (this.client === client) this.client = null;
      this.scheduleReconnect();
    });
    await client.query(`LISTEN ${this.channel}`);
    if (this.stopped) {
      client.release(true);
      return;
    }
    this.client = client;
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      this.connect().catch(() => this.scheduleReconnect());
    }, 1000);
    this.retry.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    const client = this.client;
    this.client = null;
    if (client) {
      await client.query(`UNLISTEN ${this.channel}`).catch(() => undefined);
      client.release(true);
    }
  }
}
