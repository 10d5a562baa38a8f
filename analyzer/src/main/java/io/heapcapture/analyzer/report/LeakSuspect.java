package io.heapcapture.analyzer.report;

/**
 * A likely leak, with the one sentence a person needs.
 *
 * @param rank 1 for the most likely
 * @param className the class of the retainer or of the growing objects
 * @param retainedBytes what it retains now
 * @param heapShare retained bytes as a share of the reachable heap, 0..1
 * @param growthBytes how much it grew since the baseline (0 without a baseline)
 * @param path its path from a GC root, as text
 * @param sentence what it is, how big, how much it grew, and which path holds it
 */
public record LeakSuspect(
    int rank,
    String className,
    long retainedBytes,
    double heapShare,
    long growthBytes,
    String path,
    String sentence) {}
