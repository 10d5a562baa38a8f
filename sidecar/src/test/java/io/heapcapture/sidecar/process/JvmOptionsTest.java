package io.heapcapture.sidecar.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JvmOptionsTest {
  @Test
  void ordersSourcesAsHotSpotAppliesThem() {
    JvmOptions options =
        JvmOptions.of(
            List.of("java", "-Dcli", "Main"),
            Map.of(
                "_JAVA_OPTIONS", "-Dlast",
                "JDK_JAVA_OPTIONS", "  -Dlauncher  ",
                "JAVA_TOOL_OPTIONS", "-Dfirst\t-Dsecond",
                "OTHER", "-Dignored"));

    assertThat(options.tokens())
        .containsExactly("-Dfirst", "-Dsecond", "-Dlauncher", "-Dcli", "Main", "-Dlast");
  }

  @Test
  void lastSettingOfAFlagWins() {
    JvmOptions options =
        new JvmOptions(List.of("-XX:+Foo", "-XX:-Foo", "-XX:+Bar", "-XX:+FooBar", "-XX:Foo=1"));

    assertThat(options.flag("Foo")).contains(false);
    assertThat(options.flag("Bar")).contains(true);
    assertThat(options.flag("Baz")).isEmpty();
  }
}
