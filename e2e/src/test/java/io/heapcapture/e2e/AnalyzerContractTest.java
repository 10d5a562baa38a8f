package io.heapcapture.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.heapcapture.analyzer.cli.AnalyzeCommand;
import io.heapcapture.operator.analysis.ReportLayout;
import org.junit.jupiter.api.Test;

/**
 * The operator runs the analyzer as a program and does not link it, so the two share their contract
 * only as values: the content types the operator presigns its report PUTs with must be the ones the
 * analyzer sends, byte for byte, or the store refuses the reports.
 */
class AnalyzerContractTest {
  @Test
  void reportContentTypesAreTheOnesTheAnalyzerSends() {
    assertThat(ReportLayout.JSON_CONTENT_TYPE).isEqualTo(AnalyzeCommand.JSON_CONTENT_TYPE);
    assertThat(ReportLayout.MARKDOWN_CONTENT_TYPE).isEqualTo(AnalyzeCommand.MARKDOWN_CONTENT_TYPE);
  }
}
