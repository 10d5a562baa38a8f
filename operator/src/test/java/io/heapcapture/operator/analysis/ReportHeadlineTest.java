package io.heapcapture.operator.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heapcapture.api.v1alpha1.AnalysisStatus;
import io.heapcapture.api.v1alpha1.ClassGrowthSummary;
import io.heapcapture.api.v1alpha1.SuspectSummary;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ReportHeadlineTest {
  /** The analyzer's report on two dumps of the demo app, 6 s apart (tables shortened). */
  static byte[] demoReport() throws IOException {
    try (InputStream in = ReportHeadlineTest.class.getResourceAsStream("demo-report.json")) {
      return in.readAllBytes();
    }
  }

  @Test
  void theHeadlineHasTheTopSuspectsTheHeapAndWhatGrew() throws Exception {
    AnalysisStatus status = new AnalysisStatus();

    ReportHeadline.fill(status, demoReport());

    assertThat(status.getReachableBytes()).isEqualTo(6_777_856L);
    assertThat(status.getReachableGrowthBytes()).isEqualTo(6_777_856L - 3_625_880L);
    assertThat(status.getSuspects())
        .first()
        .satisfies(
            s -> {
              assertThat(s.getRank()).isEqualTo(1);
              assertThat(s.getConfidence()).isEqualTo("high");
              assertThat(s.getClassName()).isEqualTo("io.heapcapture.demo.LeakyApp$Session");
              assertThat(s.getHolder())
                  .isEqualTo("static io.heapcapture.demo.LeakyApp$SessionCache.SESSIONS");
              assertThat(s.getRetainedBytes()).isEqualTo(5_778_752L);
              assertThat(s.getGrowthBytes()).isEqualTo(3_152_040L);
              assertThat(s.getSentence())
                  .contains("LeakyApp$SessionCache.SESSIONS", "LeakyApp$Session objects");
            });
    assertThat(status.getTopGrowth())
        .extracting(ClassGrowthSummary::getClassName)
        .containsExactly("byte[]", "io.heapcapture.demo.LeakyApp$Session", "java.lang.String");
    assertThat(status.getTopGrowth().get(1).getInstances()).isEqualTo(60);
    assertThat(status.getSuspects()).extracting(SuspectSummary::getRank).isSorted();
  }

  @Test
  void withoutABaselineThereIsNoGrowth() throws Exception {
    String alone =
        "{\"schema\":\"heapcapture.io/analysis-report/v1\",\"heap\":{\"reachableBytes\":42},"
            + "\"baselineHeap\":null,\"diff\":null,\"suspects\":[]}";
    AnalysisStatus status = new AnalysisStatus();

    ReportHeadline.fill(status, alone.getBytes(StandardCharsets.UTF_8));

    assertThat(status.getReachableBytes()).isEqualTo(42);
    assertThat(status.getReachableGrowthBytes()).isNull();
    assertThat(status.getTopGrowth()).isNull();
    assertThat(status.getSuspects()).isEmpty();
  }

  @Test
  void aDocumentOfAnotherSchemaIsRefused() {
    assertThatThrownBy(
            () ->
                ReportHeadline.fill(
                    new AnalysisStatus(),
                    "{\"schema\":\"something/else\"}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ReportHeadline.UnreadableReportException.class)
        .hasMessageContaining("something/else");
    assertThatThrownBy(
            () ->
                ReportHeadline.fill(
                    new AnalysisStatus(), "<html>".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ReportHeadline.UnreadableReportException.class)
        .hasMessageContaining("not JSON");
  }
}
