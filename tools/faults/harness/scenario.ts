import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Checker, type FaultSummary } from './checker';
import { KafkaBroker } from './kafka-broker';
import { LoadDriver, type LoadOptions } from './load';
import { PostgresServer } from './postgres-server';
import { Topology, type Placement, type ServiceName } from './topology';

const ROOT = join(__dirname, '..', '..', '..');
export const SUMMARY_DIR = join(ROOT, 'tmp', 'faults');

/** What a fault's test is handed while its load runs. */
export interface FaultContext {
  pg: PostgresServer;
  kafka: KafkaBroker;
  topology: Topology;
  load: LoadDriver;
  /** Says what happened that the table should show (e.g. "the broker stopped itself"). */
  note: (text: string) => void;
}

export interface FaultScenario {
  /** The row's name in the table. */
  fault: string;
  /** The file name of its summary (tmp/faults/<slug>.json). */
  slug: string;
  /** Ports of the scenario's own servers (each scenario its own, so that leftovers never collide). */
  pgPort: number;
  kafkaPort: number;
  kafkaHost?: string;
  kafkaDataDir?: string;
  pgListen?: string[];
  services?: ServiceName[];
  placement?: Partial<Record<ServiceName, Placement>>;
  env?: Partial<Record<ServiceName, Record<string, string>>>;
  now?: string;
  load?: Partial<LoadOptions>;
  /** How long the load runs before the fault is injected, and after it healed, ms. */
  faultAfterMs?: number;
  tailMs?: number;
  /** Injects the fault and heals it; resolves with the moment it healed (Date.now()). */
  inject: (ctx: FaultContext) => Promise<number>;
  /** A check of the fault's own, after the checker's (its findings join the row). */
  verify?: (ctx: FaultContext) => Promise<{ checked: number; lost: string[]; twice: string[] }>;
  /** Before anything starts (namespaces, mounts) and after everything stopped. */
  prepare?: () => Promise<void> | void;
  cleanUp?: () => Promise<void> | void;
}

/**
 * One fault under load, end to end: the scenario's own PostgreSQL and Kafka, provider choice and
 * billing as processes, a seeded county, the load driver, the fault injected and healed while the
 * load runs, then the checker; every process, server and namespace is stopped at the end, pass or fail.
 */
export async function runFault(s: FaultScenario): Promise<FaultSummary> {
  let pg: PostgresServer | undefined;
  let kafka: KafkaBroker | undefined;
  let topology: Topology | undefined;
  // If jest gives up on the test (a timeout) and exits, nothing of it may stay running.
  const onExit = () => {
    for (const svc of topology?.services.values() ?? []) svc.killAllNow();
    kafka?.killNow();
    pg?.stop('immediate');
    void s.cleanUp?.();
  };
  // A signal (CI's timeout, ^C) ends the process without 'exit' handlers: stop everything first.
  // Exits rather than re-raising: jest listens to these signals too, and a re-raised one would be
  // taken by its listener while the run went on starting the next test's servers.
  const onSignal = (signal: NodeJS.Signals) => {
    onExit();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('exit', onExit);
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  try {
    await s.prepare?.();
    pg = await PostgresServer.create(s.pgPort, { listen: s.pgListen });
    kafka = await KafkaBroker.create({ host: s.kafkaHost, port: s.kafkaPort, dataDir: s.kafkaDataDir });
    const broker = kafka;
    topology = await Topology.start({
      pg,
      brokers: () => broker.address,
      now: s.now ?? '2027-01-15T10:00:00Z',
      services: s.services ?? ['pc', 'bl'],
      placement: s.placement,
      env: s.env,
    });
    await topology.seed();
    const t = topology;
    const load = new LoadDriver(
      t,
      {
        pc: () => [...t.services.values()].filter((x) => x.name !== 'bl').map((x) => x.url),
        bl: () => [t.service('bl').url],
      },
      { clients: 6, durationMs: 600_000, maxCommands: 20_000, retryForMs: 120_000, ...s.load },
    );
    const running = load.run();
    await sleep(s.faultAfterMs ?? 5_000);
    const notes: string[] = [];
    const note = (text: string) => void notes.push(text);
    const healedAt = await s.inject({ pg, kafka, topology, load, note });
    const checker = new Checker(topology, load);
    load.finishAt(healedAt + (s.tailMs ?? 15_000));
    const caughtUpAt = await checker.caughtUpAfterHealing();
    await running;
    const summary = await checker.check(s.fault, healedAt, caughtUpAt);
    if (s.verify) {
      const own = await s.verify({ pg, kafka, topology, load, note });
      summary.eventsChecked += own.checked;
      summary.lost += own.lost.length;
      summary.appliedTwice += own.twice.length;
      summary.problems.push(...own.lost.map((p) => `lost: ${p}`), ...own.twice.map((p) => `applied twice: ${p}`));
    }
    summary.notes = notes;
    mkdirSync(SUMMARY_DIR, { recursive: true });
    writeFileSync(join(SUMMARY_DIR, `${s.slug}.json`), JSON.stringify(summary, null, 2));
    return summary;
  } finally {
    mkdirSync(SUMMARY_DIR, { recursive: true });
    for (const svc of topology?.services.values() ?? []) writeFileSync(join(SUMMARY_DIR, `${s.slug}.${svc.name}.log`), svc.output());
    await topology?.stop().catch(() => undefined);
    await kafka?.destroy().catch(() => undefined);
    await pg?.destroy().catch(() => undefined);
    await s.cleanUp?.();
    process.off('exit', onExit);
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The assertions every fault's test makes of its summary. */
export function expectSurvived(summary: FaultSummary): void {
  const facts = {
    lost: summary.lost,
    appliedTwice: summary.appliedTwice,
    readModelDiff: summary.readModelDiff,
    badFailures: summary.badFailures,
    gaveUp: summary.gaveUp,
    refused: summary.refused,
  };
  expect({ ...facts, problems: summary.problems }).toEqual({
    lost: 0,
    appliedTwice: 0,
    readModelDiff: 0,
    badFailures: [],
    gaveUp: 0,
    refused: 0,
    problems: [],
  });
  expect(summary.accepted).toBeGreaterThan(0);
}
