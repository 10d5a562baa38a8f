package io.heapcapture.e2e.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Cases from Kubernetes' own expansion tests (third_party/forked/golang/expansion). */
class VariableExpansionTest {
  private static final Map<String, String> ENV =
      Map.of(
          "VAR_A", "A", "VAR_B", "B", "VAR_EMPTY", "", "URL", "https://s3/b/k?X-Amz-Signature=s");

  private static String expand(String input) {
    return VariableExpansion.expand(input, ENV::get);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      emptyValue = "",
      value = {
        "$(VAR_A)|A",
        "___$(VAR_B)___|___B___",
        "$(VAR_A)-$(VAR_B)|A-B",
        "$(VAR_EMPTY)|\"\"",
        "$(URL)|https://s3/b/k?X-Amz-Signature=s",
        "$$(VAR_A)|$(VAR_A)",
        "$$$(VAR_A)|$A",
        "$$$$(VAR_A)|$$(VAR_A)",
        "$(UNDEFINED)|$(UNDEFINED)",
        "$()|$()",
        "$(VAR_A|$(VAR_A",
        "$VAR_A|$VAR_A",
        "$|$",
        "a$|a$",
        "$$|$",
        "f000-$$VAR_A|f000-$VAR_A",
        "$(VAR_A)$(VAR_B)$|AB$",
        "$(VAR_A)($(VAR_B))|A(B)",
        "plain|plain",
      })
  void expandsAsKubernetesDoes(String input, String expected) {
    assertThat(expand(input)).isEqualTo(expected);
  }

  @Test
  void valuesAreNotExpandedAgain() {
    assertThat(VariableExpansion.expand("$(X)", Map.of("X", "$(Y)", "Y", "no")::get))
        .isEqualTo("$(Y)");
  }
}
