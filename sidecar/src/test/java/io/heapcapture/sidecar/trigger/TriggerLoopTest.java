package io.heapcapture.sidecar.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TriggerLoopTest {
  @Test
  void aFailingStepNeitherStopsTheOthersNorTheNextRound() {
    AtomicInteger failing = new AtomicInteger();
    AtomicInteger after = new AtomicInteger();
    try (TriggerLoop loop =
        new TriggerLoop(
            List.of(
                () -> {
                  failing.incrementAndGet();
                  throw new IllegalStateException("broken probe");
                },
                after::incrementAndGet))) {
      loop.start();

      await().atMost(Duration.ofSeconds(20)).until(() -> after.get() >= 2);
    }

    assertThat(failing.get()).isGreaterThanOrEqualTo(2);
  }
}
