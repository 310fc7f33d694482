import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..', '..');

export interface RunningProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves when a line of output matches (the process says it is ready). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Starts a TypeScript entry point of this repo as its own Node process (as the apps run). `wrap` is
 * a command the process runs under, e.g. `ip netns exec <ns>` (it must exec Node in place, so that
 * signals reach Node itself).
 */
export function startTsProcess(entry: string, env: Record<string, string>, options: { wrap?: string[] | undefined } = {}): RunningProcess {
  const node = [process.execPath, '-r', join(ROOT, 'tools/register.cjs'), join(ROOT, entry)];
  const [command, ...args] = [...(options.wrap ?? []), ...node] as [string, ...string[]];
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > 200_000) output = output.slice(-100_000);
    for (const l of listeners) l();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  return {
    child,
    output: () => output,
    waitFor: (pattern, timeoutMs = 60_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (pattern.test(output)) return done(resolve);
          if (child.exitCode !== null) done(() => reject(new Error(`${entry} exited with ${child.exitCode}:\n${output.slice(-4000)}`)));
        };
        const timer = setTimeout(
          () => done(() => reject(new Error(`${entry} not ready in ${timeoutMs} ms:\n${output.slice(-4000)}`))),
          timeoutMs,
        );
        const done = (fn: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          child.off('exit', check);
          fn();
        };
        listeners.add(check);
        child.on('exit', check);
        check();
      }),
    kill: (signal = 'SIGTERM') =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }),
  };
}

/**
 * `npm start` (apps/luotsi/src/main.ts) in its own process, in memory: PGlite, the in-process bus,
 * the development issuer. The other variables are blanked so that nothing of the caller's
 * environment (a DATABASE_URL, a broker, an issuer) turns the embedded mode off.
 */
export function startAllInOneProcess(port: number, env: Record<string, string> = {}): RunningProcess {
  return startTsProcess('apps/luotsi/src/main.ts', {
    PORT: String(port),
    LUOTSI_DATA_DIR: 'memory',
    DATABASE_URL: '',
    KAFKA_BROKERS: '',
    EVENTSTORE_URL: '',
    OIDC_ISSUER: '',
    OIDC_JWKS_URI: '',
    LUOTSI_FIXED_NOW: '',
    LUOTSI_PUBLIC_URL: '',
    NODE_ENV: 'development',
    LOG_LEVEL: 'info',
    ...env,
  });
}
