import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';

const ROOT = join(__dirname, '..', '..', '..');
const KAFKA_DIR = join(ROOT, 'infra', 'kafka');

/**
 * A Kafka broker of the faults tier's own (KRaft, broker and controller in one JVM, PLAINTEXT), from
 * the same Maven Central jars as infra/kafka/start.sh, but on its own port and data directory and
 * kept across restarts: a test stops it (SIGTERM), kills it (SIGKILL) or fills its disk, and starts
 * it again on the same log, as an upgrade or a crash would.
 */
export class KafkaBroker {
  private child: ChildProcess | undefined;

  private constructor(
    readonly host: string,
    readonly port: number,
    readonly dataDir: string,
    private readonly runDir: string,
  ) {}

  /** Formats a fresh log in dataDir (which may be a mount of the test's own) and starts the broker. */
  static async create(options: { host?: string | undefined; port: number; dataDir?: string | undefined }): Promise<KafkaBroker> {
    execFileSync('bash', [join(KAFKA_DIR, 'fetch.sh')], { stdio: 'pipe' });
    const host = options.host ?? '127.0.0.1';
    const runDir = `/tmp/luotsi-faults-kafka-${options.port}`;
    const dataDir = options.dataDir ?? join(runDir, 'data');
    rmSync(runDir, { recursive: true, force: true });
    mkdirSync(runDir, { recursive: true });
    mkdirSync(dataDir, { recursive: true });
    const broker = new KafkaBroker(host, options.port, dataDir, runDir);
    writeFileSync(broker.properties, broker.config());
    const id = execFileSync('java', ['-cp', `${KAFKA_DIR}/libs/*`, 'kafka.tools.StorageTool', 'random-uuid'])
      .toString()
      .trim();
    execFileSync(
      'java',
      ['-cp', `${KAFKA_DIR}/libs/*`, 'kafka.tools.StorageTool', 'format', '--standalone', '-t', id, '-c', broker.properties],
      {
        stdio: 'pipe',
      },
    );
    await broker.start();
    return broker;
  }

  get address(): string {
    return `${this.host}:${this.port}`;
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  async start(): Promise<void> {
    if (this.running) return;
    const log = openSync(join(this.runDir, 'stdout.log'), 'a');
    this.child = spawn(
      'java',
      [
        '-Xmx384m',
        '-Xms128m',
        '-XX:+UseG1GC',
        '-Djava.awt.headless=true',
        `-Dlog4j2.configurationFile=${join(KAFKA_DIR, 'log4j2.properties')}`,
        `-Dkafka.logs.dir=${this.runDir}`,
        '-cp',
        `${KAFKA_DIR}/libs/*`,
        'kafka.Kafka',
        this.properties,
      ],
      { stdio: ['ignore', log, log] },
    );
    await this.waitReady();
  }

  /** SIGTERM: a controlled shutdown (as for an upgrade). */
  async stop(): Promise<void> {
    await this.signal('SIGTERM');
  }

  /** SIGKILL without waiting (for a process that is exiting). */
  killNow(): void {
    if (this.running) this.child?.kill('SIGKILL');
  }

  /** SIGKILL: the JVM dies with whatever it had not flushed. */
  async kill(): Promise<void> {
    await this.signal('SIGKILL');
  }

  async destroy(): Promise<void> {
    await this.kill();
    rmSync(this.runDir, { recursive: true, force: true });
  }

  /** Waits until the broker answers metadata with itself registered, and can take a topic. */
  async waitReady(timeoutMs = 120_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      if (this.child && !this.running) throw new Error(`the broker exited; see ${join(this.runDir, 'stdout.log')}`);
      const admin = new Kafka({
        brokers: [this.address],
        logLevel: logLevel.NOTHING,
        retry: { retries: 0 },
        connectionTimeout: 1000,
      }).admin();
      try {
        await admin.connect();
        const cluster = await admin.describeCluster();
        if (cluster.brokers.length > 0 && cluster.controller !== null) return;
      } catch {
        // not yet
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
      if (Date.now() > until) throw new Error(`no broker on ${this.address} after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  private async signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill(signal);
      if (signal !== 'SIGKILL') setTimeout(() => child.kill('SIGKILL'), 60_000).unref();
    });
  }

  private get properties(): string {
    return join(this.runDir, 'server.properties');
  }

  private config(): string {
    const controller = this.port + 1;
    return `process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=${this.host}:${controller}
listeners=PLAINTEXT://${this.host}:${this.port},CONTROLLER://${this.host}:${controller}
advertised.listeners=PLAINTEXT://${this.host}:${this.port}
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=${this.dataDir}/logs
num.partitions=3
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=3
transaction.state.log.replication.factor=1
transaction.state.log.num.partitions=3
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
# Small segments, so that a filled disk is reached by the test's load in seconds, not hours.
log.segment.bytes=1048576
log.retention.hours=24
`;
  }
}
