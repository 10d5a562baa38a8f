'use strict';
// What every Node.js scenario does around its application: listen on an ephemeral port of
// 127.0.0.1, run a fixed number of visits on a few concurrent clients (so the leak grows by a
// known amount whatever the machine's speed), write the two heap snapshots, print "done", exit 0.

const v8 = require('node:v8');
const fs = require('node:fs');

const started = process.hrtime.bigint();

function log(message) {
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.stderr.write(`[${seconds.toFixed(1).padStart(5)} s] ${message}\n`);
}

async function drive(phase, base, clients, perClient, visit) {
  log(`${phase}: ${clients} clients x ${perClient}`);
  const running = [];
  for (let c = 0; c < clients; c++) {
    running.push((async () => {
      for (let i = 0; i < perClient; i++) {
        await visit(base, c, phase === 'warmup' ? i : perClient * 100 + i);
      }
    })());
  }
  await Promise.all(running);
  log(`${phase}: finished`);
}

function snapshot(path) {
  fs.rmSync(path, { force: true });
  log(`writing ${path}`);
  v8.writeHeapSnapshot(path);
  log(`wrote ${Math.round(fs.statSync(path).size / (1024 * 1024))} MiB`);
}

function runScenario({ app, clients, warmupPerClient, leakPerClient, visit, report }) {
  const [baseline, later] = process.argv.slice(2);
  if (!baseline || !later) {
    process.stderr.write('usage: node <script> <baseline.heapsnapshot> <later.heapsnapshot>\n');
    process.exit(2);
  }
  const server = app.listen(0, '127.0.0.1', async () => {
    // Writing a snapshot stops the process for seconds: keep idle client connections meanwhile.
    server.keepAliveTimeout = 120000;
    try {
      const base = `http://127.0.0.1:${server.address().port}`;
      log(`listening on ${base}`);
      await drive('warmup', base, clients, warmupPerClient, visit);
      snapshot(baseline);
      await drive('leak', base, clients, leakPerClient, visit);
      snapshot(later);
      if (report) log(report());
      console.log('done');
      server.closeAllConnections();
      server.close(() => process.exit(0));
    } catch (e) {
      console.error(e);
      process.exit(1);
    }
  });
}

module.exports = { runScenario, log };
