package io.heapcapture.benchmarks.triggers;

import static org.assertj.core.api.Assertions.assertThat;

import io.heapcapture.benchmarks.triggers.HeapWatch.Sample;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeapWatchTest {
  static final Instant T0 = Instant.parse("2026-11-30T00:00:00Z");

  static Sample at(long millis, double percent) {
    return new Sample(T0.plusMillis(millis), percent);
  }

  @Test
  void theConditionHoldsFromHalfwayBetweenTheLastSampleBelowAndTheFirstAbove() {
    List<Sample> samples = List.of(at(0, 40), at(50, 49), at(100, 51), at(150, 55));

    assertThat(HeapWatch.aboveSince(samples, 50, T0.plusMillis(150))).contains(T0.plusMillis(75));
  }

  @Test
  void aDipBelowTheMarkStartsTheStreakAgain() {
    List<Sample> samples = List.of(at(0, 40), at(50, 51), at(100, 50), at(150, 52), at(200, 53));

    assertThat(HeapWatch.aboveSince(samples, 50, T0.plusMillis(200))).contains(T0.plusMillis(125));
  }

  @Test
  void samplesAfterTheDumpStartedDoNotCount() {
    List<Sample> samples = List.of(at(0, 40), at(50, 51), at(100, 40), at(150, 52));

    assertThat(HeapWatch.aboveSince(samples, 50, T0.plusMillis(60))).contains(T0.plusMillis(25));
  }

  @Test
  void noCrossingSeenIsNoAnswer() {
    assertThat(HeapWatch.aboveSince(List.of(at(0, 60), at(50, 61)), 50, T0.plusMillis(50)))
        .isEmpty();
    assertThat(HeapWatch.aboveSince(List.of(at(0, 40), at(50, 45)), 50, T0.plusMillis(50)))
        .isEmpty();
  }
}
