package io.heapcapture.sidecar.trigger;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread that runs the local triggers about once a second: the rules, then the watch for the
 * JVM's OutOfMemoryError dumps. A failing step is logged and does not stop the next round.
 */
public final class TriggerLoop implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TriggerLoop.class);

  /** How often the triggers look; a rule fires at most this long after it is due. */
  public static final Duration PERIOD = Duration.ofSeconds(1);

  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread named = new Thread(runnable, "heapcapture-triggers");
            named.setDaemon(true);
            return named;
          });
  private final List<Runnable> steps;

  /** A loop that runs {@code steps} in order each round. */
  public TriggerLoop(List<Runnable> steps) {
    this.steps = List.copyOf(steps);
  }

  public void start() {
    thread.scheduleWithFixedDelay(
        this::round, PERIOD.toMillis(), PERIOD.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void round() {
    for (Runnable step : steps) {
      try {
        step.run();
      } catch (RuntimeException e) {
        LOG.warn("trigger step failed", e);
      }
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
