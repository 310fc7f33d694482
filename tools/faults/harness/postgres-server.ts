import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';

/**
 * A PostgreSQL server of the faults tier's own: its own data directory and port, so that a test can
 * restart or stop it without disturbing any other test on the machine (they use 127.0.0.1:5432).
 * The binaries are the machine's (Debian's /usr/lib/postgresql/<version>/bin). PostgreSQL refuses
 * to run as root, so as root the server runs as the `postgres` user.
 */
export class PostgresServer {
  private constructor(
    readonly port: number,
    readonly dataDir: string,
    private readonly bin: string,
    private readonly listen: string,
  ) {}

  /** initdb in a fresh directory (trust auth on the given addresses, fsync on as in production), then start. */
  static async create(port: number, options: { listen?: string[] | undefined } = {}): Promise<PostgresServer> {
    const bin = postgresBinDir();
    const dataDir = `/tmp/luotsi-faults-pg-${port}`;
    const server = new PostgresServer(port, dataDir, bin, (options.listen ?? ['127.0.0.1']).join(','));
    server.ctl(['stop', '-m', 'immediate'], true);
    rmSync(dataDir, { recursive: true, force: true });
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    server.own(dataDir);
    server.run('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C']);
    // initdb trusts loopback only; a service in the test's own network namespace comes from 10.201/16.
    if (options.listen?.some((a) => a.startsWith('10.201.')))
      appendFileSync(join(dataDir, 'pg_hba.conf'), 'host all all 10.201.0.0/16 trust\n');
    await server.start();
    return server;
  }

  url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  async start(): Promise<void> {
    const options = [
      `-p ${this.port}`,
      `-c listen_addresses='${this.listen}'`,
      `-c unix_socket_directories='${this.dataDir}'`,
      '-c max_connections=200',
      '-c shared_buffers=128MB',
      '-c fsync=on',
      '-c synchronous_commit=on',
    ].join(' ');
    this.ctl(['start', '-w', '-t', '60', '-l', join(this.dataDir, 'server.log'), '-o', options]);
    await this.waitReady();
  }

  /** `pg_ctl stop -m fast`: every session is ended (the clients see 57P01), then the server stops. */
  stop(mode: 'fast' | 'immediate' = 'fast'): void {
    this.ctl(['stop', '-m', mode, '-w', '-t', '60'], true);
  }

  async restart(): Promise<void> {
    this.stop('fast');
    await this.start();
  }

  async destroy(): Promise<void> {
    this.stop('immediate');
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  async query<R = Record<string, unknown>>(sql: string, params: unknown[] = [], database = 'postgres'): Promise<R[]> {
    const client = new Client({ connectionString: this.url(database) });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as R[];
    } finally {
      await client.end();
    }
  }

  private async waitReady(): Promise<void> {
    const until = Date.now() + 60_000;
    for (;;) {
      try {
        await this.query('SELECT 1');
        return;
      } catch (error) {
        if (Date.now() > until) throw error;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }

  private ctl(args: string[], mayFail = false): void {
    if (!existsSync(join(this.dataDir, 'PG_VERSION'))) return;
    const out = spawnSync(...this.command('pg_ctl', ['-D', this.dataDir, ...args]), { encoding: 'utf8' });
    if (out.status !== 0 && !mayFail) throw new Error(`pg_ctl ${args[0]} failed: ${out.stderr || out.stdout}`);
  }

  private run(tool: string, args: string[]): void {
    execFileSync(...this.command(tool, args), { stdio: 'pipe' });
  }

  /** The tool as the postgres user when we are root (PostgreSQL will not run as root). */
  private command(tool: string, args: string[]): [string, string[]] {
    const path = join(this.bin, tool);
    return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', path, ...args]] : [path, args];
  }

  private own(dir: string): void {
    if (process.getuid?.() !== 0) return;
    const ids = execFileSync('id', ['-u', 'postgres']).toString().trim();
    const gid = execFileSync('id', ['-g', 'postgres']).toString().trim();
    chownSync(dir, Number(ids), Number(gid));
  }
}

/** The newest PostgreSQL server binaries on the machine. */
function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) if (existsSync(join(root, v, 'bin', 'initdb'))) return join(root, v, 'bin');
  throw new Error('no PostgreSQL server binaries under /usr/lib/postgresql (infra/postgres/ensure.sh installs them)');
}
