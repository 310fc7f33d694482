// Preloaded into the service a bench starts when BENCH_CPU_PROF_DIR is set (Node refuses --cpu-prof
// in NODE_OPTIONS): profiles the whole process with the inspector and, on SIGTERM, writes the
// profile (.cpuprofile, for Chrome's DevTools or speedscope) before exiting.
const { Session } = require('node:inspector');
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');

const dir = process.env.BENCH_CPU_PROF_DIR;
const session = new Session();
session.connect();
session.post('Profiler.enable', () =>
  session.post('Profiler.setSamplingInterval', { interval: 200 }, () => session.post('Profiler.start')),
);
process.once('SIGTERM', () =>
  session.post('Profiler.stop', (error, result) => {
    if (!error) writeFileSync(join(dir, `service-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    process.exit(0);
  }),
);
