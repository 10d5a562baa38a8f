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
  void theLimitLeavesTheHeapShareForFixedCostPlusTwiceTheRawDump() {
    // (256 MiB + 2 × 1024 MiB) / 0.75 = 3072 MiB
    assertThat(AnalysisMemory.limitFor(1024 * MIB, 0)).isEqualTo("3072Mi");
  }

  @Test
  void theLargerOfDumpAndBaselineDecides() {
    assertThat(AnalysisMemory.limitFor(100 * MIB, 1024 * MIB))
        .isEqualTo(AnalysisMemory.limitFor(1024 * MIB, 100 * MIB))
        .isEqualTo("3072Mi");
  }

  @Test
  void limitsAreRoundedUpToWholeSteps() {
    // (256 + 2 × 700) / 0.75 = 2208 MiB → 2304 MiB
    assertThat(AnalysisMemory.limitFor(700 * MIB, 0)).isEqualTo("2304Mi");
  }
}
