package io.heapcapture.benchmarks.triggers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcessCostTest {
  // utime 120, stime 30, cutime 7, cstime 3; the name holds a space and a parenthesis.
  static final String STAT =
      "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 120 30 7 3 20 0 19 0 123 456 789";

  @Test
  void countsUserAndSystemTicksAfterTheCommandName() {
    assertThat(ProcessCost.cpuTicks(STAT, false)).isEqualTo(150);
  }

  @Test
  void addsTheChildrenItWaitedFor() {
    assertThat(ProcessCost.cpuTicks(STAT, true)).isEqualTo(160);
  }

  @Test
  void readsThisProcess() throws Exception {
    long pid = ProcessHandle.current().pid();

    assertThat(ProcessCost.cpuTicks(pid, false)).isPositive();
    assertThat(ProcessCost.rssKib(pid)).isGreaterThan(1024);
  }
}
