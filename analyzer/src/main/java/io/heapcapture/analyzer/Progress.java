package io.heapcapture.analyzer;

/** Where a long analysis stands; the CLI prints it, a library user may ignore it. */
@FunctionalInterface
public interface Progress {
  Progress NONE = (phase, done, total) -> {};

  /**
   * Reports that {@code done} of {@code total} units (bytes read, nodes visited) of {@code phase}
   * are done; {@code total} is -1 when unknown.
   */
  void update(String phase, long done, long total);
}
