'use strict';
// The control beside visitor-recommendations-cache.js: the same service and traffic with the fix
// deployed, its per-visitor cache an LRUCache (npm lru-cache) of at most 400 visitors. The cache
// holds 400 visitors in both snapshots, the catalogue and the co-purchase index are big and
// stable: a correct analysis names no strong suspect.
//
// Run: node visitor-recommendations-bounded.js <baseline.heapsnapshot> <later.heapsnapshot>

process.env.RECOMMENDATIONS_MAX = '400';
require('./visitor-recommendations-cache');
