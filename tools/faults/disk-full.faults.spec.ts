import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { describeWith, testPostgresUrl } from '@luotsi/testing';
import { expectSurvived, runFault, sleep } from './harness/scenario';

const mount = `/tmp/luotsi-faults-kafka-disk-${process.pid}`;
const filler = join(mount, 'filler');

/** Writes zeros until the file system says it is full (ENOSPC). */
function fill(): void {
  const fd = openSync(filler, 'w');
  const block = Buffer.alloc(1 << 20);
  try {
    for (;;) writeSync(fd, block);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
}

const canMount = (): boolean => process.getuid?.() === 0;

/**
 * The disk of the broker's log filled (a tmpfs of the test's own as its data directory), then
 * freed. Kafka takes a full log directory offline, and with its only one gone the broker stops;
 * once space is freed it is started again on the same log, as an operator or the orchestrator
 * would. Meanwhile commands are accepted and nothing of them is lost.
 */
describeWith('root (to mount the broker its own small disk)', testPostgresUrl() && canMount())('faults: the broker disk', () => {
  it('the broker log disk filled, then freed: nothing lost or applied twice', async () => {
    const summary = await runFault({
      fault: "the broker's log disk filled for 20 s, then freed",
      slug: '5-disk-full',
      pgPort: 15438,
      kafkaPort: 19213,
      kafkaDataDir: join(mount, 'data'),
      prepare: () => {
        mkdirSync(mount, { recursive: true });
        execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256m', 'tmpfs', mount]);
      },
      cleanUp: () => {
        execFileSync('umount', [mount]);
        rmSync(mount, { recursive: true, force: true });
      },
      inject: async ({ kafka, note }) => {
        fill();
        await sleep(20_000);
        rmSync(filler);
        if (kafka.running) note('the broker kept running on the full disk');
        else {
          note('the broker stopped itself (its only log directory went offline); started again once space was freed');
          await kafka.start();
        }
        return Date.now();
      },
    });
    expectSurvived(summary);
  }, 900_000);
});
