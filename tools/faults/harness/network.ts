import { execFileSync } from 'node:child_process';

/**
 * A network namespace of the test's own for one service, joined to the host by two veth pairs:
 * `control` carries HTTP, PostgreSQL and the issuer's keys, `broker` carries Kafka only, so that
 * cutting `broker` partitions the service from the broker and nothing else. Needs root (`ip netns`).
 */
export class ServiceNetwork {
  readonly ns: string;
  readonly control = { host: '10.201.1.1', inside: '10.201.1.2' };
  readonly broker = { host: '10.201.2.1', inside: '10.201.2.2' };
  private readonly links: { control: string; broker: string };

  constructor(id: string) {
    this.ns = `luotsi-f-${id}`;
    this.links = { control: `lfc${id}`, broker: `lfb${id}` };
  }

  create(): void {
    this.destroy();
    ip('netns', 'add', this.ns);
    ip('netns', 'exec', this.ns, 'ip', 'link', 'set', 'lo', 'up');
    for (const [name, net] of [
      [this.links.control, this.control],
      [this.links.broker, this.broker],
    ] as const) {
      ip('link', 'add', `${name}h`, 'type', 'veth', 'peer', 'name', `${name}n`);
      ip('link', 'set', `${name}n`, 'netns', this.ns);
      ip('addr', 'add', `${net.host}/24`, 'dev', `${name}h`);
      ip('link', 'set', `${name}h`, 'up');
      ip('netns', 'exec', this.ns, 'ip', 'addr', 'add', `${net.inside}/24`, 'dev', `${name}n`);
      ip('netns', 'exec', this.ns, 'ip', 'link', 'set', `${name}n`, 'up');
    }
  }

  /** The command a process runs under to be inside the namespace. */
  get wrap(): string[] {
    return ['ip', 'netns', 'exec', this.ns];
  }

  /** Cuts the broker link (the host side down: packets to the broker go nowhere), or heals it. */
  cutBroker(cut: boolean): void {
    ip('link', 'set', `${this.links.broker}h`, cut ? 'down' : 'up');
  }

  destroy(): void {
    // Deleting the namespace deletes the veth ends inside it, and so both pairs.
    for (const args of [
      ['netns', 'del', this.ns],
      ['link', 'del', `${this.links.control}h`],
      ['link', 'del', `${this.links.broker}h`],
    ]) {
      try {
        ip(...args);
      } catch {
        // not there
      }
    }
  }
}

/** Whether this process may make namespaces (root and `ip netns`). */
export function canMakeNamespaces(): boolean {
  if (process.getuid?.() !== 0) return false;
  try {
    execFileSync('ip', ['netns', 'list'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

function ip(...args: string[]): void {
  execFileSync('ip', args, { stdio: 'pipe' });
}
