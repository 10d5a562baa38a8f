package io.heapcapture.benchmarks.triggers;

import io.heapcapture.sidecar.api.Condition;
import io.heapcapture.sidecar.memory.ProcMemoryProbe;
import io.heapcapture.sidecar.memory.Reading;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The benchmark's own view of the target, independent of what it measures: the heap use in percent
 * every {@value #PERIOD_MILLIS} ms through a probe of its own, and the moment the first file shows
 * up in the dump directory (the JVM opens the dump file when it starts writing).
 */
final class HeapWatch implements AutoCloseable {
  static final long PERIOD_MILLIS = 50;

  /** One reading of the heap use. */
  record Sample(Instant at, double percent) {}

  private final ProcMemoryProbe probe = new ProcMemoryProbe(Path.of("/proc"));
  private final List<Sample> samples = new ArrayList<>();
  private final long pid;
  private final Path dumpDir;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private Instant firstFileAt;

  HeapWatch(long pid, Path dumpDir) {
    this.pid = pid;
    this.dumpDir = dumpDir;
    timer.scheduleAtFixedRate(this::look, 0, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
  }

  private void look() {
    Reading reading = probe.read(Condition.HEAP_USED_PERCENT, pid);
    Instant now = Instant.now();
    synchronized (this) {
      if (reading.isAvailable()) {
        samples.add(new Sample(now, reading.value()));
      }
      if (firstFileAt == null && hasFiles()) {
        firstFileAt = now;
      }
    }
  }

  private boolean hasFiles() {
    try (Stream<Path> files = Files.list(dumpDir)) {
      return files.findAny().isPresent();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  synchronized List<Sample> samples() {
    return List.copyOf(samples);
  }

  synchronized Optional<Instant> firstFileAt() {
    return Optional.ofNullable(firstFileAt);
  }

  /**
   * Since when the heap use was above {@code mark} without a break up to {@code until}: halfway
   * between the last sample at or below the mark and the first one above it (within half a period
   * of the truth, as far as the JVM's counters show it). Empty when it was not above at {@code
   * until}, or was above from the first sample on (no crossing seen).
   */
  static Optional<Instant> aboveSince(List<Sample> samples, double mark, Instant until) {
    Sample firstAbove = null;
    Sample lastBelow = null;
    for (Sample sample : samples) {
      if (sample.at().isAfter(until)) {
        break;
      }
      if (sample.percent() > mark) {
        if (firstAbove == null) {
          firstAbove = sample;
        }
      } else {
        lastBelow = sample;
        firstAbove = null;
      }
    }
    if (firstAbove == null || lastBelow == null) {
      return Optional.empty();
    }
    long gap = firstAbove.at().toEpochMilli() - lastBelow.at().toEpochMilli();
    return Optional.of(lastBelow.at().plusMillis(gap / 2));
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
