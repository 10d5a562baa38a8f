'use strict';
// An Express recommendation service that caches each visitor's computed recommendations in a
// module-level Map, "to make the next page fast", and never evicts: visitors are anonymous, so
// every new visitor id adds an entry for good.
//
// What leaks: one Recommendations object per visitor (scored items, the rendered HTML fragment,
// the visitor's recent views), in the module-level const recommendationsByVisitor.
// The trap: the catalogue (Map of 60,000 Product objects) and the co-purchase index built from it
// are the biggest retainers in both snapshots and do not grow; the module's closure context holds
// the catalogue and the cache side by side, so "the context" is not the answer; and the growing
// Map's entries live in V8's internal hash table, not in properties.
// The diagnosis: Recommendations accumulates, held by the variable recommendationsByVisitor.
//
// Run: node visitor-recommendations-cache.js <baseline.heapsnapshot> <later.heapsnapshot>
//
// With RECOMMENDATIONS_MAX set (as visitor-recommendations-bounded.js, the control, does) the fix
// is deployed: the cache is an LRUCache (npm lru-cache) of that many visitors, and nothing grows.

const express = require('express');
const { LRUCache } = require('lru-cache');
const { runScenario } = require('./scenario');

class Product {
  constructor(sku, name, category, priceCents) {
    this.sku = sku;
    this.name = name;
    this.category = category;
    this.priceCents = priceCents;
  }
}

class ScoredItem {
  constructor(product, score, reason) {
    this.product = product;
    this.score = score;
    this.reason = reason;
  }
}

class Recommendations {
  constructor(visitorId, items, recentViews) {
    this.visitorId = visitorId;
    this.computedAt = Date.now();
    this.items = items;
    this.recentViews = recentViews;
    this.html = items
      .map((s) => `<li data-sku="${s.product.sku}" data-score="${s.score.toFixed(4)}">${s.product.name}: ${s.reason}</li>`)
      .join('\n');
  }
}

const CATALOG_SIZE = 60000;
const CATEGORIES = ['garden', 'kitchen', 'outdoor', 'books', 'toys', 'tools', 'audio', 'office'];
const catalog = new Map();
for (let i = 0; i < CATALOG_SIZE; i++) {
  const sku = `SKU-${String(i).padStart(7, '0')}`;
  catalog.set(sku, new Product(sku, `Product ${i} (${(i * 2654435761 >>> 0).toString(36)})`,
    CATEGORIES[i % CATEGORIES.length], 199 + (i * 37) % 50000));
}
// Which products are bought together: built once from last year's orders.
const boughtTogether = new Map();
for (let i = 0; i < CATALOG_SIZE; i++) {
  const related = [];
  for (let k = 1; k <= 6; k++) related.push(`SKU-${String((i + k * 7919) % CATALOG_SIZE).padStart(7, '0')}`);
  boughtTogether.set(`SKU-${String(i).padStart(7, '0')}`, related);
}

// Recommendations by visitor id, so that the next page of a visit is fast. Never evicted, unless
// the fix is deployed.
const RECOMMENDATIONS_MAX = Number(process.env.RECOMMENDATIONS_MAX || 0);
const recommendationsByVisitor = RECOMMENDATIONS_MAX > 0
  ? new LRUCache({ max: RECOMMENDATIONS_MAX })
  : new Map();

function recommend(visitorId, viewedSkus) {
  const items = [];
  for (const sku of viewedSkus) {
    for (const related of boughtTogether.get(sku) || []) {
      const product = catalog.get(related);
      items.push(new ScoredItem(product, Math.random(),
        `bought together with ${sku} by ${(product.priceCents % 97) + 3} customers this month`));
    }
  }
  items.sort((a, b) => b.score - a.score);
  return new Recommendations(visitorId, items.slice(0, 24), viewedSkus.slice());
}

const app = express();

app.get('/recommendations', (req, res) => {
  const visitorId = req.query.visitor;
  const viewed = String(req.query.viewed || '').split(',').filter((s) => catalog.has(s));
  if (!visitorId || viewed.length === 0) {
    res.status(400).json({ error: 'visitor and viewed are required' });
    return;
  }
  let recommendations = recommendationsByVisitor.get(visitorId);
  if (!recommendations) {
    recommendations = recommend(visitorId, viewed);
    recommendationsByVisitor.set(visitorId, recommendations);
  }
  res.type('html').send(`<ul>${recommendations.html}</ul>`);
});

app.get('/products/:sku', (req, res) => {
  const product = catalog.get(req.params.sku);
  if (!product) {
    res.status(404).end();
    return;
  }
  res.json(product);
});

async function visit(base, client, i) {
  const visitor = `v-${client}-${i}-${Date.now().toString(36)}`;
  const viewed = [];
  for (let k = 0; k < 3; k++) {
    viewed.push(`SKU-${String((client * 7919 + i * 104729 + k * 31) % CATALOG_SIZE).padStart(7, '0')}`);
  }
  const product = await fetch(`${base}/products/${viewed[0]}`);
  if (product.status !== 200) throw new Error(`GET product: ${product.status}`);
  await product.arrayBuffer();
  for (let page = 0; page < 2; page++) {
    const response = await fetch(`${base}/recommendations?visitor=${visitor}&viewed=${viewed.join(',')}`);
    if (response.status !== 200) throw new Error(`GET recommendations: ${response.status}`);
    await response.text();
  }
}

runScenario({
  app,
  clients: 4,
  warmupPerClient: 150,
  leakPerClient: 600,
  visit,
  report: () => `visitors cached: ${recommendationsByVisitor.size}`,
});
