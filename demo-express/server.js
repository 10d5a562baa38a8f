'use strict';
// An Express order-tracking service that leaks, the Node.js demo of heapcapture's real-node tests.
//
// What leaks: GET /orders/:id/status subscribes a listener to the long-lived OrderEventBus for
// every request and never unsubscribes it. Each listener closes over that request's
// RequestContext (headers and a trace), so RequestContext objects pile up, held by the bus's
// 'orderUpdated' listener array. A stable catalogue of Product objects sits beside it.
//
// The service sends itself requests (LEAK_REQUESTS_PER_SECOND, default 20) so that it leaks with
// nobody calling it. Start it with --heapsnapshot-signal=SIGUSR2 so that heapcapture's sidecar
// can ask for a heap snapshot, and --diagnostic-dir pointing at the dump volume.
//
// Environment: PORT (default 8080), LEAK_REQUESTS_PER_SECOND, CATALOG_SIZE (default 20000).

const http = require('node:http');
const { EventEmitter } = require('node:events');
const express = require('express');

const port = Number(process.env.PORT || 8080);
const requestsPerSecond = Number(process.env.LEAK_REQUESTS_PER_SECOND || 20);
const catalogSize = Number(process.env.CATALOG_SIZE || 20000);

class Product {
  constructor(sku, name, priceCents) {
    this.sku = sku;
    this.name = name;
    this.priceCents = priceCents;
  }
}

class OrderEventBus extends EventEmitter {}

class RequestContext {
  constructor(req, orderId) {
    this.requestId = `${req.get('x-request-id') || 'anon'}-${process.hrtime.bigint()}`;
    this.orderId = orderId;
    this.headers = { ...req.headers };
    this.trace = [];
    for (let i = 0; i < 8; i++) {
      this.trace.push(`span ${i} of ${this.requestId}`.padEnd(1000, '.'));
    }
  }
}

const catalog = new Map();
for (let i = 0; i < catalogSize; i++) {
  const sku = `SKU-${String(i).padStart(7, '0')}`;
  catalog.set(sku, new Product(sku, `Product ${i}`, 199 + ((i * 37) % 50000)));
}

const bus = new OrderEventBus();
bus.setMaxListeners(0); // someone silenced the warning: the leak goes unnoticed
const orders = new Map();

const app = express();
app.get('/healthz', (req, res) => res.send('ok\n'));
app.get('/orders/:id/status', (req, res) => {
  const context = new RequestContext(req, req.params.id);
  bus.on('orderUpdated', (order) => {
    if (order.id === context.orderId) {
      context.lastStatus = order.status;
    }
  });
  res.json(orders.get(req.params.id) || { id: req.params.id, status: 'unknown' });
});

const server = app.listen(port, () => {
  console.log(`leaky-express ready on ${port} (pid ${process.pid})`);
});

let sent = 0;
setInterval(() => {
  for (let i = 0; i < requestsPerSecond / 10; i++) {
    const id = `order-${sent++ % 3000}`;
    http.get({ port, path: `/orders/${id}/status`, headers: { 'x-request-id': `self-${sent}` } },
      (res) => res.resume()).on('error', () => {});
  }
  bus.emit('orderUpdated', { id: `order-${sent % 3000}`, status: 'shipped' });
}, 100);

process.on('SIGTERM', () => server.close(() => process.exit(0)));
