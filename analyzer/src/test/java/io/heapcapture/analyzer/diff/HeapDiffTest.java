package io.heapcapture.analyzer.diff;

import static io.heapcapture.analyzer.report.Reports.heap;
import static io.heapcapture.analyzer.report.Reports.retainer;
import static io.heapcapture.analyzer.report.Reports.stats;
import static io.heapcapture.analyzer.report.Reports.step;
import static org.assertj.core.api.Assertions.assertThat;

import io.heapcapture.analyzer.report.ClassGrowth;
import io.heapcapture.analyzer.report.ClassStats;
import io.heapcapture.analyzer.report.HeapDiffReport;
import io.heapcapture.analyzer.report.HeapSummary;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeapDiffTest {
  @Test
  void ranksClassesByByteGrowthMatchingByNameAndLoader() {
    HeapSummary before =
        heap(
            1000,
            List.of(stats("a.Steady", 10, 500), stats("a.Leak", 5, 100), stats("a.Gone", 3, 30)),
            List.of());
    HeapSummary after =
        heap(
            5000,
            List.of(
                stats("a.Steady", 10, 500),
                stats("a.Leak", 50, 4000),
                stats("a.New", 1, 200),
                new ClassStats("a.Leak", "other.Loader", 2, 40, 40)),
            List.of());

    HeapDiffReport diff = new HeapDiff(10).between(before, after);

    assertThat(diff.classes()).extracting(ClassGrowth::className).first().isEqualTo("a.Leak");
    ClassGrowth leak = diff.classes().get(0);
    assertThat(leak.loader()).isEmpty();
    assertThat(leak.instancesDelta()).isEqualTo(45);
    assertThat(leak.bytesDelta()).isEqualTo(3900);
    assertThat(diff.classes())
        .filteredOn(g -> g.className().equals("a.Leak") && g.loader().equals("other.Loader"))
        .singleElement()
        .satisfies(g -> assertThat(g.instancesBefore()).isZero());
    assertThat(diff.classes())
        .filteredOn(g -> g.className().equals("a.Gone"))
        .singleElement()
        .satisfies(g -> assertThat(g.bytesDelta()).isEqualTo(-30));
    assertThat(diff.classes()).extracting(ClassGrowth::className).last().isEqualTo("a.Gone");
  }

  @Test
  void matchesRetainersByPathShapeNotObjectId() {
    HeapSummary before =
        heap(
            1000,
            List.of(),
            List.of(
                retainer(
                    "java.lang.Object[]",
                    300,
                    step("a.Cache", "static ITEMS"),
                    step("java.lang.Object[]", null))));
    HeapSummary after =
        heap(
            5000,
            List.of(),
            List.of(
                retainer(
                    "java.lang.Object[]",
                    4000,
                    step("a.Cache", "static ITEMS"),
                    step("java.lang.Object[]", null)),
                retainer(
                    "java.lang.Object[]",
                    900,
                    step("a.Other", "static ITEMS"),
                    step("java.lang.Object[]", null))));

    HeapDiffReport diff = new HeapDiff(10).between(before, after);

    assertThat(diff.retainers()).hasSize(2);
    assertThat(diff.retainers().get(0).retainedBefore()).isEqualTo(300);
    assertThat(diff.retainers().get(0).retainedDelta()).isEqualTo(3700);
    assertThat(diff.retainers().get(1).retainedBefore()).isZero();
  }

  @Test
  void boundsTheRows() {
    HeapSummary before = heap(10, List.of(), List.of());
    HeapSummary after =
        heap(10, List.of(stats("a", 1, 1), stats("b", 1, 2), stats("c", 1, 3)), List.of());

    assertThat(new HeapDiff(2).between(before, after).classes())
        .extracting(ClassGrowth::className)
        .containsExactly("c", "b");
  }
}
