import { Hetu, LocalDate } from '@luotsi/kernel';
import type { Topology } from './topology';

/** What one HTTP attempt got: a status, or a connection that failed before any answer. */
export interface Attempt {
  at: number;
  status: number | 'no-answer';
  code?: string;
  retryAfter?: string;
}

/** One command the load offered, with every attempt until it was accepted, refused, or the load gave up. */
export interface Command {
  kind: 'import' | 'switch' | 'report';
  attempts: Attempt[];
  /** accepted: a 2xx (for an import or a report: every row applied or already there). */
  outcome: 'accepted' | 'refused' | 'gave-up';
  /** What was accepted: residents' numbers (import), request ids (switch), provider-side ids (report). */
  ids: string[];
}

/** A resident the load registered: their identity code stays in the test process, never in a log. */
export interface Resident {
  n: number;
  identityCode: string;
  personRef?: string;
  switched?: boolean;
}

export interface LoadOptions {
  /** Parallel clients. */
  clients: number;
  /** The load stops offering new commands after this many ms at the latest (see finishAt). */
  durationMs: number;
  /** At most this many commands in all. */
  maxCommands: number;
  /** A command is retried (same key or rows) for at most this long after the load stopped offering. */
  retryForMs?: number;
}

/** Which services the load calls, from the current topology (a replica may be down). */
export interface Targets {
  pc: () => string[];
  bl: () => string[];
}

const ROWS_PER_IMPORT = 4;
const ROWS_PER_REPORT = 3;

/**
 * The steady mix of a county's day, bounded in count and time: population imports of new residents
 * (an NDJSON file of a few rows), residents switching station, and a provider's service reports.
 * Every command is retried as a well-behaved client would — after `Retry-After` on a 503, at once
 * after a connection failure, with the same Idempotency-Key or the same rows — so that the checker
 * can hold the system to "every accepted command exactly once".
 */
export class LoadDriver {
  readonly commands: Command[] = [];
  readonly residents: Resident[] = [];
  private next = 0;
  private stopOffering = 0;
  private giveUpAt = 0;
  private seq = 0;

  constructor(
    private readonly topology: Topology,
    private readonly targets: Targets,
    private readonly options: LoadOptions,
  ) {}

  /** Runs until the duration or the count is reached; resolves when every command has its outcome. */
  async run(): Promise<void> {
    const started = Date.now();
    this.stopOffering = started + this.options.durationMs;
    this.giveUpAt = this.stopOffering + (this.options.retryForMs ?? 120_000);
    await Promise.all(Array.from({ length: this.options.clients }, (_, i) => this.client(i)));
  }

  /** Stops offering new commands at `at` (the scenario's tail after the fault healed). */
  finishAt(at: number): void {
    this.stopOffering = Math.min(this.stopOffering, at);
    this.giveUpAt = this.stopOffering + (this.options.retryForMs ?? 120_000);
  }

  /** Accepted commands, and when the first one was accepted after `since` (for the time to recover). */
  firstAcceptedAfter(since: number): number | undefined {
    let first: number | undefined;
    for (const c of this.commands) {
      for (const a of c.attempts)
        if (a.at >= since && typeof a.status === 'number' && a.status < 300 && (first === undefined || a.at < first)) first = a.at;
    }
    return first;
  }

  private async client(i: number): Promise<void> {
    while (Date.now() < this.stopOffering && this.commands.length < this.options.maxCommands) {
      const turn = this.seq++;
      const switchable = this.residents.filter((r) => r.personRef && !r.switched);
      const kind: Command['kind'] =
        turn % 3 === 0 || this.residents.length < 8 ? 'import' : turn % 3 === 1 && switchable.length > 0 ? 'switch' : 'report';
      if (kind === 'import') await this.importResidents();
      else if (kind === 'switch') await this.switchStation(switchable[i % switchable.length]!);
      else await this.reportServices();
    }
  }

  private async importResidents(): Promise<void> {
    const rows: Resident[] = [];
    for (let k = 0; k < ROWS_PER_IMPORT; k++) rows.push(this.newResident());
    const body = rows
      .map((r) =>
        JSON.stringify({
          type: 'resident-registered',
          identityCode: r.identityCode,
          postalCode: '33710',
          municipalityCode: '837',
          date: '2018-01-01',
        }),
      )
      .join('\n');
    const command: Command = { kind: 'import', attempts: [], outcome: 'gave-up', ids: [] };
    this.commands.push(command);
    const county = this.topology.token.county();
    // A file is re-sent whole: every row is idempotent, so only the rows not yet applied change anything.
    const answer = await this.attempt(command, this.targets.pc, '/population/import', {
      method: 'POST',
      headers: { authorization: county, 'content-type': 'application/x-ndjson' },
      body,
      accepted: (status, json) => status === 200 && (json as { failed?: number }).failed === 0,
    });
    if (command.outcome !== 'accepted' || answer === undefined) return;
    command.ids = rows.map((r) => String(r.n));
    for (const r of rows) {
      this.residents.push(r);
      const personRef = await this.personRefOf(r);
      if (personRef) r.personRef = personRef;
    }
  }

  private async switchStation(resident: Resident): Promise<void> {
    resident.switched = true;
    const command: Command = { kind: 'switch', attempts: [], outcome: 'gave-up', ids: [] };
    this.commands.push(command);
    const key = `faults-switch-${this.topology.run}-${resident.n}`;
    const answer = await this.attempt(command, this.targets.pc, `/residents/${resident.personRef}/switches`, {
      method: 'POST',
      headers: {
        authorization: this.topology.token.resident(resident.identityCode, resident.n),
        'content-type': 'application/json',
        'idempotency-key': key,
      },
      body: JSON.stringify({ stationId: 'mehilainen-hervanta', channel: 'portal', reason: 'good-location' }),
      accepted: (status) => status === 201,
    });
    if (command.outcome === 'accepted') command.ids = [(answer as { requestId: string }).requestId];
  }

  private async reportServices(): Promise<void> {
    const listed = this.residents.filter((r) => r.personRef);
    if (listed.length === 0) return;
    const command: Command = { kind: 'report', attempts: [], outcome: 'gave-up', ids: [] };
    this.commands.push(command);
    const rows = Array.from({ length: ROWS_PER_REPORT }, (_, k) => {
      const r = listed[(this.next + k * 7) % listed.length]!;
      return {
        providerSideId: `F-${this.topology.run}-${this.next}-${k}`,
        identityCode: r.identityCode,
        serviceType: k % 2 === 0 ? 'doctor-visit' : 'nurse-visit',
        date: '2027-01-1' + (k % 5),
        stationId: 'mehilainen-hervanta',
      };
    });
    this.next += 1;
    await this.attempt(command, this.targets.bl, '/providers/mehilainen/service-reports', {
      method: 'POST',
      headers: { authorization: this.topology.token.provider('mehilainen'), 'content-type': 'application/json' },
      body: JSON.stringify({ rows }),
      accepted: (status, json) => status === 200 && ((json as { errors?: unknown[] }).errors ?? []).length === 0,
    });
    if (command.outcome === 'accepted') command.ids = rows.map((r) => r.providerSideId);
  }

  /** The resident's personRef, as their own portal finds it (the edge looks them up by the token). */
  private async personRefOf(r: Resident): Promise<string | undefined> {
    for (let i = 0; i < 200 && Date.now() < this.giveUpAt; i++) {
      try {
        const base = this.targets.pc()[i % Math.max(1, this.targets.pc().length)];
        if (!base) throw new Error('no provider choice replica');
        const res = await fetch(`${base}/me/access-log`, {
          headers: { authorization: this.topology.token.resident(r.identityCode, r.n) },
          signal: AbortSignal.timeout(10_000),
        });
        if (res.status === 200) return ((await res.json()) as { personRef: string }).personRef;
      } catch {
        // the service may be down right now
      }
      await sleep(250);
    }
    return undefined;
  }

  private async attempt(
    command: Command,
    targets: () => string[],
    path: string,
    request: { method: string; headers: Record<string, string>; body: string; accepted: (status: number, json: unknown) => boolean },
  ): Promise<unknown> {
    for (let i = 0; ; i++) {
      if (Date.now() > this.giveUpAt) return undefined;
      const bases = targets();
      const base = bases[i % Math.max(1, bases.length)];
      const at = Date.now();
      let status: number | 'no-answer' = 'no-answer';
      let json: unknown;
      let retryAfter: string | undefined;
      if (base) {
        try {
          const res = await fetch(`${base}${path}`, {
            method: request.method,
            headers: request.headers,
            body: request.body,
            signal: AbortSignal.timeout(30_000),
          });
          status = res.status;
          retryAfter = res.headers.get('retry-after') ?? undefined;
          const text = await res.text();
          json = text ? JSON.parse(text) : null;
        } catch {
          status = 'no-answer';
        }
      }
      const code = (json as { code?: string } | undefined)?.code;
      command.attempts.push({ at, status, ...(code ? { code } : {}), ...(retryAfter ? { retryAfter } : {}) });
      if (typeof status === 'number' && request.accepted(status, json)) {
        command.outcome = 'accepted';
        return json;
      }
      if (typeof status === 'number' && status < 500 && status !== 429 && status !== 200) {
        command.outcome = 'refused';
        return json;
      }
      // 5xx, no answer, or a 200 with rows that failed for now: again, after what the service asked.
      const wait = retryAfter ? Math.min(Number(retryAfter) * 1000, 5000) : 250;
      await sleep(Number.isFinite(wait) ? wait : 250);
    }
  }

  private newResident(): Resident {
    // A birth date and an individual number per resident: no two residents of a run share a code.
    const n = this.issued++;
    const birth = LocalDate.addDays(LocalDate.parse('1940-01-01'), Math.floor(n / 800));
    return { n, identityCode: Hetu.generate(birth, 2 + (n % 800)) };
  }

  private issued = 0;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
