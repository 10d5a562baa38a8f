'use strict';
// A small Express service with a leak: every order is kept in a module-level array, as a cache
// that nobody reads. Listens on an ephemeral port of 127.0.0.1 and prints "ready <port>".
const express = require('express');

const app = express();
const placedOrders = [];

app.use(express.json());
app.post('/orders', (req, res) => {
  const order = { id: placedOrders.length + 1, lines: req.body.lines || [], at: new Date() };
  placedOrders.push(order);
  res.status(201).json({ id: order.id });
});
app.get('/orders/count', (req, res) => res.json({ count: placedOrders.length }));

const server = app.listen(0, '127.0.0.1', () => {
  console.log(`ready ${server.address().port}`);
});
