/** Comparing two dumps of the same workload: classes by name and loader, retainers by path. */
package io.heapcapture.analyzer.diff;
