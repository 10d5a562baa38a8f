package io.heapcapture.analyzer.suspects;

import static io.heapcapture.analyzer.report.Reports.heap;
import static io.heapcapture.analyzer.report.Reports.retainer;
import static io.heapcapture.analyzer.report.Reports.step;
import static org.assertj.core.api.Assertions.assertThat;

import io.heapcapture.analyzer.diff.HeapDiff;
import io.heapcapture.analyzer.report.HeapSummary;
import io.heapcapture.analyzer.report.LeakSuspect;
import io.heapcapture.analyzer.report.Retainer;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeakSuspectsTest {
  private static Retainer cache(long retained) {
    return retainer(
        "java.lang.Object[]",
        retained,
        step("a.Cache", "static ITEMS"),
        step("java.util.ArrayList", "elementData"),
        step("java.lang.Object[]", null));
  }

  private static Retainer pool(long retained) {
    return retainer("byte[][]", retained, step("a.Pool", "static BUFFERS"), step("byte[][]", null));
  }

  @Test
  void growingRetainerOutranksALargerSteadyOne() {
    HeapSummary before = heap(10_000, List.of(), List.of(pool(4_000), cache(1_000)));
    HeapSummary after = heap(14_000, List.of(), List.of(pool(4_000), cache(3_800)));

    List<LeakSuspect> suspects =
        new LeakSuspects(5).rank(after, before, new HeapDiff(10).between(before, after));

    assertThat(suspects).extracting(LeakSuspect::rank).containsExactly(1, 2);
    LeakSuspect first = suspects.get(0);
    assertThat(first.path())
        .isEqualTo("static a.Cache.ITEMS → java.util.ArrayList.elementData → java.lang.Object[]");
    assertThat(first.growthBytes()).isEqualTo(2_800);
    assertThat(first.sentence())
        .contains("retains 3.7 KiB")
        .contains("27% of the reachable heap")
        .contains("10% in the baseline")
        .contains("grew by 2.7 KiB")
        .contains("mostly 10 io.example.Session objects")
        .contains("held by static a.Cache.ITEMS");
  }

  @Test
  void withoutBaselineRanksByShareAndDropsSmallOnes() {
    HeapSummary heap = heap(10_000, List.of(), List.of(cache(6_000), pool(300)));

    List<LeakSuspect> suspects = new LeakSuspects(5).rank(heap, null, null);

    assertThat(suspects)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.heapShare()).isEqualTo(0.6);
              assertThat(s.sentence()).doesNotContain("baseline");
            });
  }

  @Test
  void boundedNumberOfSuspects() {
    HeapSummary heap = heap(1_000, List.of(), List.of(cache(300), pool(300), cache(200)));

    assertThat(new LeakSuspects(2).rank(heap, null, null)).hasSize(2);
  }
}
