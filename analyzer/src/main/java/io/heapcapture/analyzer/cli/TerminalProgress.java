package io.heapcapture.analyzer.cli;

import io.heapcapture.analyzer.Progress;
import java.io.PrintStream;
import java.util.Locale;

/** Prints progress to a terminal at most about once a second, and every phase change. */
final class TerminalProgress implements Progress {
  private static final long INTERVAL_NANOS = 1_000_000_000L;
  private final PrintStream out;
  private String phase;
  private long last;

  TerminalProgress(PrintStream out) {
    this.out = out;
  }

  @Override
  public synchronized void update(String phase, long done, long total) {
    long now = System.nanoTime();
    boolean newPhase = !phase.equals(this.phase);
    if (!newPhase && now - last < INTERVAL_NANOS && done != total) {
      return;
    }
    this.phase = phase;
    last = now;
    if (total > 0) {
      out.printf(Locale.ROOT, "  %-28s %5.1f%%%n", phase, 100.0 * done / total);
    } else if (done > 0) {
      out.printf(Locale.ROOT, "  %-28s %d%n", phase, done);
    } else {
      out.printf(Locale.ROOT, "  %s%n", phase);
    }
    out.flush();
  }
}
