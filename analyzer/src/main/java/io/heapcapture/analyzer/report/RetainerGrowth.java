package io.heapcapture.analyzer.report;

/**
 * How the retained size of a top retainer changed; retainers are matched across dumps by their path
 * from a GC root, since object ids are addresses.
 *
 * @param retainer the retainer in the current dump
 * @param retainedBefore its retained bytes in the baseline, or 0 when it was not a top retainer
 */
public record RetainerGrowth(Retainer retainer, long retainedBefore) {
  public long retainedDelta() {
    return retainer.retainedBytes() - retainedBefore;
  }
}
