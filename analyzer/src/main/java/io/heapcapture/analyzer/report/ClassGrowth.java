package io.heapcapture.analyzer.report;

/**
 * How one class changed between a baseline dump and the current one.
 *
 * @param className the class
 * @param loader its loader
 * @param instancesBefore instances in the baseline
 * @param instancesAfter instances now
 * @param bytesBefore shallow bytes in the baseline
 * @param bytesAfter shallow bytes now
 * @param retainedBefore retained bytes in the baseline (-1 when unknown)
 * @param retainedAfter retained bytes now (-1 when unknown)
 */
public record ClassGrowth(
    String className,
    String loader,
    long instancesBefore,
    long instancesAfter,
    long bytesBefore,
    long bytesAfter,
    long retainedBefore,
    long retainedAfter) {
  public long instancesDelta() {
    return instancesAfter - instancesBefore;
  }

  public long bytesDelta() {
    return bytesAfter - bytesBefore;
  }

  public long retainedDelta() {
    return retainedBefore < 0 || retainedAfter < 0 ? 0 : retainedAfter - retainedBefore;
  }
}
