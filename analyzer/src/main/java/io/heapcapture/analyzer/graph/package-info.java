/**
 * The object graph of one heap, in compact arrays indexed by node number: objects, their classes
 * and shallow sizes, references in compressed-sparse-row form, and GC roots. Every dump format
 * (HPROF, V8 heap snapshot) is turned into this; every graph algorithm works on it.
 */
package io.heapcapture.analyzer.graph;
