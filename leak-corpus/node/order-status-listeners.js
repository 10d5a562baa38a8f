'use strict';
// An Express order-tracking service whose status endpoint registers a listener on the
// application's long-lived event bus for every request, and never removes it.
//
// What leaks: one closure per request on OrderEventBus's 'orderUpdated' listeners
// (bus._events.orderUpdated, an array), each capturing that request's RequestContext (headers,
// a trace and the order it asked about). Someone silenced the MaxListenersExceededWarning with
// setMaxListeners(0), so nothing complains.
// The trap: the product catalogue (Map of 60,000 Product objects) is the biggest retainer in both
// snapshots and does not grow, nor does the map of 3,000 orders; the growing objects are closures and contexts, reached through V8
// system objects, not a collection of the application's own.
// The diagnosis: RequestContext accumulates, held by the 'orderUpdated' property of the bus's
// _events (the listener array).
//
// Run: node order-status-listeners.js <baseline.heapsnapshot> <later.heapsnapshot>

const { EventEmitter } = require('node:events');
const express = require('express');
const { runScenario } = require('./scenario');

class Product {
  constructor(sku, name, description, priceCents, tags) {
    this.sku = sku;
    this.name = name;
    this.description = description;
    this.priceCents = priceCents;
    this.tags = tags;
  }
}

class OrderEventBus extends EventEmitter {}

class RequestContext {
  constructor(req, orderId) {
    this.requestId = `${req.get('x-request-id') || 'anon'}-${process.hrtime.bigint()}`;
    this.orderId = orderId;
    this.receivedAt = new Date();
    this.headers = { ...req.headers };
    this.trace = [];
    for (let i = 0; i < 6; i++) {
      this.trace.push({ span: `span-${i}`, startedAt: Date.now(), note: `step ${i} of ${this.requestId}`.padEnd(300, '.') });
    }
    this.notified = 0;
  }

  notify(order) {
    this.notified++;
    this.lastStatus = order.status;
  }
}

function loadCatalog(count) {
  const catalog = new Map();
  for (let i = 0; i < count; i++) {
    const sku = `SKU-${String(i).padStart(7, '0')}`;
    catalog.set(sku, new Product(sku, `Product ${i}`,
      `Item ${i}: durable, ${(i * 2654435761 >>> 0).toString(16)} edition, ships in ${1 + i % 9} days`,
      199 + (i * 37) % 50000, [`tag-${i % 97}`, `season-${i % 4}`]));
  }
  return catalog;
}

const CATALOG_SIZE = 60000;
const catalog = loadCatalog(CATALOG_SIZE);
const bus = new OrderEventBus();
bus.setMaxListeners(0);
const orders = new Map();
const ORDERS = 3000;
for (let i = 1; i <= ORDERS; i++) {
  const sku = `SKU-${String((i * 104729) % CATALOG_SIZE).padStart(7, '0')}`;
  orders.set(`ord-${i}`, { id: `ord-${i}`, sku, quantity: 1 + (i % 3), status: 'placed' });
}

const app = express();
app.use(express.json());

app.post('/orders/:id/cancel', (req, res) => {
  const order = orders.get(req.params.id);
  if (!order) {
    res.status(404).end();
    return;
  }
  order.status = 'cancelled';
  bus.emit('orderUpdated', order);
  res.json(order);
});

app.get('/orders/:id/status', (req, res) => {
  const order = orders.get(req.params.id);
  if (!order) {
    res.status(404).end();
    return;
  }
  const ctx = new RequestContext(req, order.id);
  // Meant for live updates of this request; never removed when the response ends.
  bus.on('orderUpdated', (updated) => {
    if (updated.id === ctx.orderId) {
      ctx.notify(updated);
    }
  });
  res.json({ id: order.id, status: order.status, product: catalog.get(order.sku).name });
});

app.get('/products/:sku', (req, res) => {
  const product = catalog.get(req.params.sku);
  if (!product) {
    res.status(404).end();
    return;
  }
  res.json(product);
});

const STATUSES = ['placed', 'paid', 'packed', 'shipped'];
setInterval(() => {
  const id = `ord-${1 + Math.floor(Math.random() * Math.max(1, orders.size))}`;
  const order = orders.get(id);
  if (order) {
    order.status = STATUSES[(STATUSES.indexOf(order.status) + 1) % STATUSES.length];
    bus.emit('orderUpdated', order);
  }
}, 50).unref();

async function visit(base, client, i) {
  const sku = `SKU-${String((client * 7919 + i * 104729) % CATALOG_SIZE).padStart(7, '0')}`;
  const order = { id: `ord-${1 + ((client * 1009 + i * 7) % ORDERS)}` };
  for (let poll = 0; poll < 2; poll++) {
    const status = await fetch(`${base}/orders/${order.id}/status`, {
      headers: { 'x-request-id': `c${client}-${i}-${poll}`, 'user-agent': `tracker/${client}` },
    });
    if (status.status !== 200) throw new Error(`GET status: ${status.status}`);
    await status.json();
  }
  if (i % 2 === 0) {
    const product = await fetch(`${base}/products/${sku}`);
    if (product.status !== 200) throw new Error(`GET product: ${product.status}`);
    await product.arrayBuffer();
  }
}

runScenario({
  app,
  clients: 4,
  warmupPerClient: 150,
  leakPerClient: 600,
  visit,
  report: () => `listeners on orderUpdated: ${bus.listenerCount('orderUpdated')}`,
});
