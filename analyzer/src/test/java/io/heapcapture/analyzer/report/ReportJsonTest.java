package io.heapcapture.analyzer.report;

import static io.heapcapture.analyzer.report.Reports.heap;
import static io.heapcapture.analyzer.report.Reports.retainer;
import static io.heapcapture.analyzer.report.Reports.stats;
import static io.heapcapture.analyzer.report.Reports.step;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportJsonTest {
  private final AnalysisReport report =
      new AnalysisReport(
          AnalysisReport.SCHEMA,
          "now.hprof",
          null,
          heap(
              1000, List.of(stats("a.B", 2, 32)), List.of(retainer("a.B", 900, step("a.B", null)))),
          null,
          null,
          List.of(
              new LeakSuspect(
                  1,
                  LeakSuspect.LOW,
                  "a.B",
                  1,
                  0,
                  "a.B",
                  1,
                  "a GC root",
                  List.of(),
                  900,
                  0.9,
                  0,
                  "a.B",
                  "One a.B held by a GC root retains 900 B, 90% of the reachable heap.")));

  @Test
  void roundTrips() throws Exception {
    assertThat(ReportJson.read(ReportJson.toBytes(report))).isEqualTo(report);
  }

  @Test
  void documentedFieldNamesAreStable() throws Exception {
    JsonNode json = new ObjectMapper().readTree(ReportJson.toBytes(report));

    assertThat(json.get("schema").asText()).isEqualTo("heapcapture.io/analysis-report/v1");
    assertThat(json.get("heap").get("classes").get(0).fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder(
            "className", "loader", "instances", "shallowBytes", "retainedBytes");
    assertThat(json.get("heap").get("topRetainers").get(0).has("path")).isTrue();
    assertThat(json.get("suspects").get(0).get("sentence").asText())
        .isEqualTo("One a.B held by a GC root retains 900 B, 90% of the reachable heap.");
  }

  @Test
  void markdownHasTheTopTables() {
    String md = ReportMarkdown.render(report);

    assertThat(md)
        .contains("## Leak suspects")
        .contains("1. One a.B held by a GC root retains 900 B, 90% of the reachable heap.")
        .contains("| `a.B` | 2 |");
    assertThat(md).doesNotContain("## Growth since the baseline");
  }
}
