'use strict';
// A Node.js process that stays up until killed, holding a recognisable object in its heap, and
// says "ready" once Node has installed its signal handlers (before the script runs).
const retained = { marker: process.argv[2] || 'idle', items: [] };
for (let i = 0; i < 1000; i++) retained.items.push({ index: i, text: `item ${i}` });
globalThis.heapcaptureRetained = retained;
setInterval(() => {}, 60_000);
console.log('ready');
