package io.heapcapture.analyzer.report;

import static io.heapcapture.analyzer.report.Reports.retainer;
import static io.heapcapture.analyzer.report.Reports.step;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RetainerTest {
  private final Retainer leak =
      retainer(
          "java.lang.Object[]",
          100,
          step("jdk.internal.loader.ClassLoaders$AppClassLoader", "classes"),
          step("java.util.ArrayList", "elementData"),
          step("java.lang.Object[]", "[7]"),
          step("io.example.Cache", "static SESSIONS"),
          step("java.util.ArrayList", "elementData"),
          step("java.lang.Object[]", null));

  @Test
  void pathReadsLikeAHeapAnalyser() {
    assertThat(leak.pathText())
        .isEqualTo(
            "jdk.internal.loader.ClassLoaders$AppClassLoader.classes → java.util.ArrayList.elementData"
                + " → java.lang.Object[][7] → static io.example.Cache.SESSIONS"
                + " → java.util.ArrayList.elementData → java.lang.Object[]");
  }

  @Test
  void holderStartsAtTheStaticField() {
    assertThat(leak.holderText())
        .isEqualTo(
            "static io.example.Cache.SESSIONS → java.util.ArrayList.elementData → java.lang.Object[]");
  }

  @Test
  void signatureIgnoresArrayIndexesButNotFields() {
    Retainer sameShape =
        retainer(
            "java.lang.Object[]",
            5,
            step("jdk.internal.loader.ClassLoaders$AppClassLoader", "classes"),
            step("java.util.ArrayList", "elementData"),
            step("java.lang.Object[]", "[3]"),
            step("io.example.Cache", "static SESSIONS"),
            step("java.util.ArrayList", "elementData"),
            step("java.lang.Object[]", null));
    Retainer otherField =
        retainer(
            "java.lang.Object[]",
            5,
            step("io.example.Cache", "static OTHER"),
            step("java.lang.Object[]", null));

    assertThat(sameShape.signature()).isEqualTo(leak.signature());
    assertThat(otherField.signature()).isNotEqualTo(leak.signature());
  }

  @Test
  void unreachableHasNoPath() {
    assertThat(retainer("x", 1).pathText()).isEqualTo("(unreachable)");
  }
}
