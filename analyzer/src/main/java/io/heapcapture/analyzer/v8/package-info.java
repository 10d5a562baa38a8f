/**
 * Reading V8 heap snapshots ({@code .heapsnapshot}, as written by Node.js and Chrome) into the
 * shared {@link io.heapcapture.analyzer.graph.HeapGraph}, and a streaming class histogram of them.
 * Classes, kept edges and roots follow Chrome DevTools, so retained sizes computed on the graph
 * match what people see there.
 */
package io.heapcapture.analyzer.v8;
