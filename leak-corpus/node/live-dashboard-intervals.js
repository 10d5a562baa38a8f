'use strict';
// An Express live-dashboard service that streams each dashboard's figures over server-sent
// events: every subscription gets a setInterval that pushes a frame each second. When the client
// goes away the handler marks the subscription closed (so nothing is written to the dead
// response) but never calls clearInterval, so the timer, its closure and the subscription stay.
//
// What leaks: one LiveSubscription per connection ever made (its backfill of recent frames, its
// filters, the ServerResponse it wrote to), held by the closure of a Timeout that Node keeps in
// its list of 1-second timers.
// The trap: nothing of the application's holds the subscriptions; the growing structure is Node's
// own timer list (a linked list of Timeout objects, each dominated by the list, not by one array),
// beside a metrics store (Map of 400 dashboards with 24 h of figures each) that is the biggest
// retainer in both snapshots and does not grow.
// The diagnosis: LiveSubscription accumulates, held by Node's timer list for the 1000 ms duration,
// in the internal variable timerListMap (timers.js), whose TimersList chains the Timeouts.
//
// Run: node live-dashboard-intervals.js <baseline.heapsnapshot> <later.heapsnapshot>

const http = require('node:http');
const express = require('express');
const { runScenario } = require('./scenario');

class DashboardSeries {
  constructor(dashboardId, metric, points) {
    this.dashboardId = dashboardId;
    this.metric = metric;
    this.points = points;
  }
}

class Frame {
  constructor(dashboardId, at, values) {
    this.dashboardId = dashboardId;
    this.at = at;
    this.values = values;
  }
}

class LiveSubscription {
  constructor(dashboardId, req, res) {
    this.dashboardId = dashboardId;
    this.clientAddress = req.socket.remoteAddress;
    this.userAgent = req.get('user-agent');
    this.filters = { metrics: String(req.query.metrics || '').split(','), resolution: req.query.resolution };
    this.res = res;
    this.closed = false;
    this.sent = 0;
    this.backfill = [];
  }

  push(frame) {
    if (this.closed) return;
    this.res.write(`data: ${JSON.stringify(frame)}\n\n`);
    this.sent++;
  }
}

const DASHBOARDS = 400;
const METRICS = ['requests', 'errors', 'latency_p50', 'latency_p99', 'cpu', 'memory'];
// 24 hours of per-minute figures for each dashboard: loaded at start, only read afterwards.
const store = new Map();
for (let d = 0; d < DASHBOARDS; d++) {
  const series = [];
  for (const metric of METRICS) {
    const points = new Float64Array(1440);
    for (let m = 0; m < points.length; m++) points[m] = ((d * 31 + m * 7) % 1000) / 10;
    series.push(new DashboardSeries(`dash-${d}`, metric, points));
  }
  store.set(`dash-${d}`, series);
}

function frameFor(dashboardId, minute) {
  const values = {};
  for (const s of store.get(dashboardId)) values[s.metric] = s.points[minute % 1440];
  return new Frame(dashboardId, Date.now(), values);
}

const app = express();

app.get('/live/:dashboardId', (req, res) => {
  const dashboardId = req.params.dashboardId;
  if (!store.has(dashboardId)) {
    res.status(404).end();
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const subscription = new LiveSubscription(dashboardId, req, res);
  for (let m = 0; m < 30; m++) {
    const frame = frameFor(dashboardId, m);
    subscription.backfill.push(frame);
    subscription.push(frame);
  }
  let minute = 30;
  setInterval(() => subscription.push(frameFor(dashboardId, minute++)), 1000);
  req.on('close', () => {
    subscription.closed = true; // the interval is never cleared
  });
});

app.get('/dashboards/:dashboardId', (req, res) => {
  const series = store.get(req.params.dashboardId);
  if (!series) {
    res.status(404).end();
    return;
  }
  res.json(series.map((s) => ({ metric: s.metric, last: s.points[1439] })));
});

const agent = new http.Agent({ keepAlive: false });

// Opens the stream, reads until the backfill has arrived, and leaves, as a browser tab closed.
function watch(base, dashboardId) {
  return new Promise((resolve, reject) => {
    const req = http.get(`${base}/live/${dashboardId}?metrics=requests,errors&resolution=1m`, { agent }, (res) => {
      if (res.statusCode !== 200) {
        reject(new Error(`GET live: ${res.statusCode}`));
        res.resume();
        return;
      }
      let events = 0;
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        events += chunk.split('\n\n').length - 1;
        if (events >= 30) {
          req.destroy();
          resolve();
        }
      });
      res.on('error', () => {});
    });
    req.on('error', (e) => {
      if (e.code !== 'ECONNRESET') reject(e);
    });
  });
}

async function visit(base, client, i) {
  const dashboardId = `dash-${(client * 101 + i * 7) % DASHBOARDS}`;
  const summary = await fetch(`${base}/dashboards/${dashboardId}`);
  if (summary.status !== 200) throw new Error(`GET dashboard: ${summary.status}`);
  await summary.json();
  await watch(base, dashboardId);
}

runScenario({
  app,
  clients: 4,
  warmupPerClient: 75,
  leakPerClient: 300,
  visit,
  report: () => `active handles: ${process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length} timeouts`,
});
