/**
 * Preloaded with `--require` (NODE_OPTIONS, which refuses --cpu-prof in Node 20) by benches that
 * profile the app's own Node processes: each main thread started with BENCH_NODE_CPU_PROF_DIR set
 * profiles itself from its first line and writes `<script>-<pid>.cpuprofile` there as it exits.
 */
'use strict';
const dir = process.env.BENCH_NODE_CPU_PROF_DIR;
if (dir && require('node:worker_threads').isMainThread) {
  const { Session } = require('node:inspector');
  const { writeFileSync } = require('node:fs');
  const path = require('node:path');
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 200 });
  session.post('Profiler.start');
  process.once('exit', () => {
    // On the main thread the inspector answers synchronously: the file is written before the exit.
    session.post('Profiler.stop', (err, result) => {
      if (err) return;
      const name = `${path.basename(process.argv[1] || 'node', path.extname(process.argv[1] || ''))}-${process.pid}.cpuprofile`;
      writeFileSync(path.join(dir, name), JSON.stringify(result.profile));
    });
  });
}
