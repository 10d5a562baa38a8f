package io.heapcapture.operator.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AnalysisMemoryTest {
  private static final long MIB = 1024L * 1024;

  @Test
  void smallDumpsGetTheFloor() {
    assertThat(AnalysisMemory.limitFor(10 * MIB, 0)).isEqualTo("512Mi");
  }

  @Test
  void aGibibyteDumpGetsTheBasePlusOneAndAHalfTimesItsSize() {
    // 384 MiB + 1.5 × 1024 MiB = 1920 MiB → 2048 MiB; the heap is 75% of it: 1536 MiB, above
    // the 80 MiB + 0.86 × 1024 MiB = 961 MiB the analysis measurably needs.
    assertThat(AnalysisMemory.limitFor(1024 * MIB, 0)).isEqualTo("2048Mi");
  }

  @Test
  void theLargerOfDumpAndBaselineDecides() {
    assertThat(AnalysisMemory.limitFor(100 * MIB, 1024 * MIB))
        .isEqualTo(AnalysisMemory.limitFor(1024 * MIB, 100 * MIB))
        .isEqualTo("2048Mi");
  }

  @Test
  void limitsAreRoundedUpToWholeSteps() {
    // 384 + 1.5 × 700 = 1434 MiB → 1536 MiB
    assertThat(AnalysisMemory.limitFor(700 * MIB, 0)).isEqualTo("1536Mi");
  }
}
