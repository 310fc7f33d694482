// `npm test`: runs the four test tiers of docs/architecture.md (domain, contract, service, end-to-end),
// each as one jest run over the whole workspace, and ends with a summary of what ran and what could
// not, and why. With LUOTSI_REQUIRE_INFRA=1 (CI) a tier or test that cannot run is a failure.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const requireInfra = process.env.LUOTSI_REQUIRE_INFRA === '1';
const only = process.argv.slice(2);

const probe = JSON.parse(
  spawnSync(process.execPath, [join(root, 'tools/test/probe-infra.cjs')], { cwd: root, encoding: 'utf8' }).stdout || '{}',
);

// Tests that are allowed to skip even in CI: EventStoreDB has no server on these machines.
const ALLOWED_SKIPS = [/\[skipped: EVENTSTORE_URL not set\]/];

const tiers = [
  { name: 'domain', pattern: '\\.unit\\.spec\\.ts$', needs: [] },
  { name: 'contract', pattern: '\\.contract\\.spec\\.ts$', needs: [] },
  { name: 'service', pattern: '\\.int\\.spec\\.ts$', needs: [] },
  { name: 'e2e', pattern: '\\.e2e\\.spec\\.ts$', needs: ['postgres', 'kafka', 'keycloak'], inBand: true },
  // Faults under load (docs/reliability.md): each test starts its own PostgreSQL and Kafka, so it
  // needs their binaries (found with the servers), never the shared servers' state.
  // forceExit: a kafkajs client's retry timers may outlive a failed test; the tests' own exit
  // handlers stop every server and process they started, so the run must not hang on them.
  { name: 'faults', pattern: '\\.faults\\.spec\\.ts$', needs: ['postgres', 'kafka'], inBand: true, forceExit: true },
];
const faultsDir = join(root, 'tmp', 'faults');

const env = { ...process.env };
if (probe.postgres) env.LUOTSI_TEST_DATABASE_URL = probe.postgres;
if (probe.kafka) env.LUOTSI_TEST_KAFKA_BROKERS = probe.kafka;
if (probe.keycloak) env.LUOTSI_TEST_KEYCLOAK_URL = probe.keycloak;

const outDir = join(root, 'tmp', 'test-results');
mkdirSync(outDir, { recursive: true });
const results = [];

for (const tier of tiers) {
  if (only.length > 0 && !only.includes(tier.name)) continue;
  const missing = tier.needs.filter((n) => !probe[n]).map((n) => `${n}: ${probe[`${n}Why`] ?? 'not found'}`);
  if (missing.length > 0) {
    results.push({
      tier: tier.name,
      status: requireInfra ? 'FAILED' : 'not run',
      why: missing.join('; '),
      passed: 0,
      failed: 0,
      skipped: 0,
    });
    continue;
  }
  const outFile = join(outDir, `${tier.name}.json`);
  rmSync(outFile, { force: true });
  if (tier.name === 'faults') rmSync(faultsDir, { recursive: true, force: true });
  // PGlite loads node built-ins with dynamic import(), which jest's VM allows only with this flag.
  const args = [
    '--experimental-vm-modules',
    join(root, 'node_modules/jest/bin/jest.js'),
    '-c',
    join(root, 'jest.config.cjs'),
    '--ci',
    '--testPathPatterns',
    tier.pattern,
    '--passWithNoTests',
    '--json',
    '--outputFile',
    outFile,
  ];
  args.push(tier.inBand ? '--runInBand' : '--maxWorkers=2');
  if (tier.forceExit) args.push('--forceExit');
  console.log(`\n=== tier ${tier.name} ===`);
  const run = spawnSync(process.execPath, args, { cwd: root, env, stdio: 'inherit' });
  const report = existsSync(outFile) ? JSON.parse(readFileSync(outFile, 'utf8')) : null;
  const tests = report ? report.testResults.flatMap((f) => f.assertionResults) : [];
  const skippedTests = tests.filter((t) => t.status === 'pending' || t.status === 'skipped' || t.status === 'todo');
  const unexpectedSkips = skippedTests.filter((t) => !ALLOWED_SKIPS.some((re) => re.test(t.fullName)));
  const reasons = [...new Set(skippedTests.map((t) => /\[skipped: ([^\]]+)\]/.exec(t.fullName)?.[1] ?? 'skipped in code'))];
  const failed = report ? report.numFailedTests + report.numRuntimeErrorTestSuites : 1;
  let status = run.status === 0 && failed === 0 ? 'passed' : 'FAILED';
  if (requireInfra && unexpectedSkips.length > 0) status = 'FAILED';
  results.push({
    tier: tier.name,
    status,
    why: [
      run.status !== 0 && !report ? `jest exited with ${run.status}` : '',
      skippedTests.length ? `skipped: ${reasons.join('; ')}` : '',
      requireInfra && unexpectedSkips.length ? `${unexpectedSkips.length} skip(s) not allowed with LUOTSI_REQUIRE_INFRA=1` : '',
    ]
      .filter(Boolean)
      .join('; '),
    passed: report?.numPassedTests ?? 0,
    failed,
    skipped: skippedTests.length,
  });
}

const faultRows = existsSync(faultsDir)
  ? readdirSync(faultsDir)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => JSON.parse(readFileSync(join(faultsDir, f), 'utf8')))
  : [];
if (faultRows.length > 0) {
  const table = faultTable(faultRows);
  console.log(`\n=== faults survived under load ===\n${table}`);
  // LUOTSI_WRITE_RELIABILITY=1 npm test -- faults: the table of docs/reliability.md, from this run.
  if (process.env.LUOTSI_WRITE_RELIABILITY === '1') writeReliability(table);
}

console.log('\n=== Luotsi test summary ===');
console.log(
  `infrastructure: PostgreSQL ${probe.postgres ? `at ${new URL(probe.postgres).host}` : `absent (${probe.postgresWhy})`}; Kafka ${probe.kafka ? `at ${probe.kafka}` : `absent (${probe.kafkaWhy})`}; Keycloak ${probe.keycloak ? `at ${probe.keycloak}` : `absent (${probe.keycloakWhy})`}; EventStoreDB ${process.env.EVENTSTORE_URL ? 'at EVENTSTORE_URL' : 'absent (EVENTSTORE_URL not set; no server on this machine)'}`,
);
for (const r of results) {
  console.log(
    `${r.tier.padEnd(9)} ${r.status.padEnd(8)} ${String(r.passed).padStart(4)} passed ${String(r.failed).padStart(3)} failed ${String(r.skipped).padStart(3)} skipped${r.why ? `  — ${r.why}` : ''}`,
  );
}
const total = results.reduce((a, r) => ({ passed: a.passed + r.passed, failed: a.failed + r.failed, skipped: a.skipped + r.skipped }), {
  passed: 0,
  failed: 0,
  skipped: 0,
});
const ok = results.every((r) => r.status === 'passed' || r.status === 'not run');
console.log(`\nTests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(ok ? 0 : 1);

/** The faults tier's table: one row per fault, from the summaries its tests wrote to tmp/faults. */
function faultTable(rows) {
  const s = (n) => (n === null || n === undefined ? '—' : `${(n / 1000).toFixed(1)} s`);
  const lines = [
    '| fault | commands offered | accepted | refused with a retryable code (503 + Retry-After) | no answer (retried) | events checked | lost | applied twice | repeats on the wire | read models ≠ rebuild | other 5xx | time to recover |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.fault}${r.notes?.length ? ` (${r.notes.join('; ')})` : ''} | ${r.offered} | ${r.accepted} | ${r.refusedRetryable} | ${r.unanswered} | ${r.eventsChecked} | ${r.lost} | ${r.appliedTwice} | ${r.duplicatesOnWire} | ${r.readModelDiff} | ${r.badFailures.length} | ${s(r.recoverMs)} |`,
    );
  }
  return lines.join('\n');
}

function writeReliability(table) {
  const file = join(root, 'docs', 'reliability.md');
  const text = readFileSync(file, 'utf8');
  const start = '<!-- faults-table:start -->';
  const end = '<!-- faults-table:end -->';
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i < 0 || j < i) throw new Error(`docs/reliability.md has no ${start} … ${end} section`);
  const stamp = `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC with \`LUOTSI_WRITE_RELIABILITY=1 npm test -- faults\`.`;
  writeFileSync(file, `${text.slice(0, i + start.length)}\n${stamp}\n\n${table}\n${text.slice(j)}`);
}
