import { createServer, type Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { demoSubject } from '@luotsi/auth';
import { exampleCapitationRates, exampleServiceFees } from '@luotsi/billing-domain';
import { LocalDate } from '@luotsi/kernel';
import { station } from '@luotsi/provider-choice-service/testing';
import { startTsProcess, waitUntil, type RunningProcess } from '@luotsi/testing';
import { BENCH_ISSUER, benchJwks, benchToken } from '../../bench/bench-tokens';
import type { PostgresServer } from './postgres-server';

/** The services of the distributed topology the faults tier runs, each a process of its own. */
export type ServiceName = 'pc' | 'pc2' | 'bl';

const ENTRIES: Record<ServiceName, string> = {
  pc: 'apps/provider-choice/src/main.ts',
  pc2: 'apps/provider-choice/src/main.ts',
  bl: 'apps/billing/src/main.ts',
};

/** Where a service runs: its own network namespace (wrap), the address it listens on and reaches others at. */
export interface Placement {
  wrap?: string[];
  /** HOST: where it listens (and where the load driver calls it). */
  host: string;
  /** How it reaches the JWKS server of the test (the host side of its network). */
  hostSide: string;
}

const LOOPBACK: Placement = { host: '127.0.0.1', hostSide: '127.0.0.1' };

export interface TopologyOptions {
  pg: PostgresServer;
  /** The broker as the services reach it. */
  brokers: () => string;
  /** LUOTSI_FIXED_NOW of every service (business dates of the load). */
  now: string;
  services: ServiceName[];
  placement?: Partial<Record<ServiceName, Placement>> | undefined;
  env?: Partial<Record<ServiceName, Record<string, string>>> | undefined;
}

/** One service process: started, killed and started again on the same port, schema and topics. */
export class ServiceProcess {
  proc: RunningProcess | undefined;
  /** The output of the earlier processes of this service (a restart starts a new one). */
  private earlier = '';
  /** Every process started for this service, so that stopping the topology leaves none behind. */
  private readonly started: RunningProcess[] = [];

  constructor(
    readonly name: ServiceName,
    readonly port: number,
    readonly placement: Placement,
    private readonly env: () => Record<string, string>,
  ) {}

  get url(): string {
    return `http://${this.placement.host}:${this.port}`;
  }

  get running(): boolean {
    return !!this.proc && this.proc.child.exitCode === null && this.proc.child.signalCode === null;
  }

  async start(extra: Record<string, string> = {}): Promise<void> {
    if (this.proc) {
      // Never two of one service on one port: one still running is stopped first.
      await this.proc.kill('SIGKILL');
      this.earlier += `${this.proc.output()}\n--- restarted ---\n`;
    }
    this.proc = startTsProcess(ENTRIES[this.name], { ...this.env(), ...extra }, { wrap: this.placement.wrap });
    this.started.push(this.proc);
    await this.proc.waitFor(/listening on http/, 120_000);
  }

  async kill(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    await this.proc?.kill(signal);
  }

  /** SIGKILL to every process ever started for this service (at the end, pass or fail). */
  async stopAll(): Promise<void> {
    for (const p of this.started) await p.kill('SIGKILL');
  }

  /** The same, without waiting (for a process that is exiting). */
  killAllNow(): void {
    for (const p of this.started) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  }

  output(): string {
    return this.earlier + (this.proc?.output() ?? '');
  }

  /** Whether this replica relays its context now (the engine logs it when it takes the lead). */
  leadsRelay(): boolean {
    return this.running && /relaying as the leader/.test(this.proc?.output() ?? '');
  }
}

/**
 * Provider choice and billing as separate processes over the test's own PostgreSQL and Kafka, with
 * an issuer of the test's own (its JWKS served over HTTP, as Keycloak's would be): a real
 * deployment's shape, small. `pc2` is a second replica of provider choice (same schema).
 */
export class Topology {
  readonly run = randomUUID().slice(0, 8);
  readonly database = 'luotsi';
  readonly schemas = { pc: `pc_${this.run}`, bl: `bl_${this.run}`, registry: `reg_${this.run}` };
  readonly topicPrefix = `faults-${this.run}`;
  readonly services = new Map<ServiceName, ServiceProcess>();
  private readonly jwks: Server[] = [];
  private jwksPort = 0;

  private constructor(readonly options: TopologyOptions) {}

  static async start(options: TopologyOptions): Promise<Topology> {
    const t = new Topology(options);
    await options.pg.query(`CREATE DATABASE ${t.database}`).catch(() => undefined);
    await t.serveJwks();
    // Below the ephemeral range (32768–60999 here): a restarted service gets its port back, never
    // finding it taken by some outgoing connection meanwhile.
    const basePort = 30000 + Math.floor(Math.random() * 900) * 3;
    options.services.forEach((name, i) => {
      const placement = options.placement?.[name] ?? LOOPBACK;
      t.services.set(name, new ServiceProcess(name, basePort + i, placement, () => t.envOf(name, placement)));
    });
    for (const s of t.services.values()) await s.start();
    return t;
  }

  service(name: ServiceName): ServiceProcess {
    const s = this.services.get(name);
    if (!s) throw new Error(`no ${name} in this topology`);
    return s;
  }

  get dbUrl(): string {
    return this.options.pg.url(this.database);
  }

  async stop(): Promise<void> {
    for (const s of this.services.values()) await s.stopAll();
    for (const server of this.jwks) await new Promise((r) => server.close(r));
  }

  /** Sets up what the load needs: two providers with a station each, the choice area, billing's rates. */
  async seed(): Promise<void> {
    const pc = this.service('pc').url;
    const county = this.token.county();
    for (const [providerId, businessId, kind, stationId] of [
      ['tampere', '0211675-2', 'public', 'hervanta'],
      ['mehilainen', '1927400-1', 'private', 'mehilainen-hervanta'],
    ] as const) {
      await call(pc, 'POST', '/providers', county, {
        providerId,
        businessId,
        name: providerId,
        kind,
        stations: [station(stationId, '33720')],
      });
      await call(pc, 'POST', `/providers/${providerId}/approval`, county, { from: '2017-01-01' });
    }
    await call(pc, 'PUT', '/choice-area', county, {
      postalCodes: [{ postalCode: '33710', defaultStationId: 'hervanta' }],
      switchPeriodMonths: 3,
    });
    const bl = this.service('bl').url;
    const finance = this.token.finance();
    // The billing domain's example tables (as the demos use), sent as a finance officer would.
    const from = LocalDate.parse('2026-01-01');
    await call(bl, 'PUT', '/rates/capitation', finance, {
      validFrom: from,
      annualCentsByAgeBand: exampleCapitationRates(from).annualCentsByAgeBand,
    });
    await call(bl, 'PUT', '/rates/service-fees', finance, {
      validFrom: from,
      centsByServiceType: exampleServiceFees(from).centsByServiceType,
    });
    // Billing must know the stations' owner before it can take their service reports.
    await waitUntil(
      async () =>
        Number((await this.options.pg.query(`SELECT count(*) AS n FROM ${this.schemas.bl}.bl_stations`, [], this.database))[0]!['n']) === 2,
      { timeoutMs: 120_000, intervalMs: 250, what: "billing to hear of provider choice's stations" },
    );
  }

  readonly token = {
    county: () =>
      bearer({ sub: demoSubject('faults.county'), roles: ['county'], organisation: 'pirkanmaa', preferred_username: 'faults.county' }),
    finance: () =>
      bearer({ sub: demoSubject('faults.finance'), roles: ['finance'], organisation: 'pirkanmaa', preferred_username: 'faults.finance' }),
    operator: () =>
      bearer({
        sub: demoSubject('faults.operator'),
        roles: ['operator'],
        organisation: 'pirkanmaa',
        preferred_username: 'faults.operator',
      }),
    provider: (providerId: string) =>
      bearer({
        sub: demoSubject(`faults.provider.${providerId}`),
        roles: ['provider'],
        providerId,
        azp: `provider-${providerId}`,
        client_id: `provider-${providerId}`,
      }),
    resident: (identityCode: string, n: number) =>
      bearer({
        sub: demoSubject(`faults.resident.${n}`),
        roles: ['resident'],
        hetu: identityCode,
        acr: 'high',
        preferred_username: `faults.resident.${n}`,
      }),
  };

  private envOf(name: ServiceName, placement: Placement): Record<string, string> {
    const schema = name === 'bl' ? this.schemas.bl : this.schemas.pc;
    return {
      DATABASE_URL: this.dbUrl.replace('127.0.0.1', placement.hostSide),
      DATABASE_SCHEMA: schema,
      KAFKA_BROKERS: this.options.brokers(),
      KAFKA_TOPIC_PREFIX: this.topicPrefix,
      PORT: String(this.service(name).port),
      HOST: placement.host,
      LOG_LEVEL: 'info',
      LUOTSI_FIXED_NOW: this.options.now,
      LUOTSI_DUE_CHANGES_INTERVAL_MS: '0',
      LUOTSI_REGISTRY_SCHEMA: this.schemas.registry,
      LUOTSI_IDENTITY_KEY: `faults-identity-key-${this.run}-0123456789abcdef`,
      OIDC_ISSUER: BENCH_ISSUER,
      OIDC_JWKS_URI: `http://${placement.hostSide}:${this.jwksPort}/jwks`,
      EVENTSTORE_URL: '',
      NODE_ENV: 'test',
      ...(this.options.env?.[name] ?? {}),
    };
  }

  /** The test's issuer keys over HTTP, on loopback and on the host side of every namespace. */
  private async serveJwks(): Promise<void> {
    const addresses = new Set(['127.0.0.1', ...Object.values(this.options.placement ?? {}).map((p) => p.hostSide)]);
    for (const address of addresses) {
      const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(benchJwks)));
      await new Promise<void>((resolve) => server.listen(this.jwksPort, address, resolve));
      this.jwksPort = (server.address() as { port: number }).port;
      this.jwks.push(server);
    }
  }
}

const bearer = (claims: Record<string, unknown>): string => `Bearer ${benchToken(claims)}`;

/** A set-up call that must succeed. */
async function call(base: string, method: string, path: string, authorization: string, body: unknown): Promise<unknown> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}
