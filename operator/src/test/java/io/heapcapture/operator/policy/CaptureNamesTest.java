package io.heapcapture.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CaptureNamesTest {
  private static final Instant RUN = Instant.parse("2026-03-01T02:00:00Z");

  @Test
  void shortNamesReadPlainly() {
    assertThat(CaptureNames.scheduled("orders", "nightly", RUN))
        .isEqualTo("orders-nightly-1772330400");
  }

  @Test
  void longNamesFitIn63AndStayDistinct() {
    String policy = "a-policy-with-a-rather-long-name-for-the-orders-service";
    String a = CaptureNames.scheduled(policy, "nightly-at-two", RUN);
    String b = CaptureNames.scheduled(policy, "nightly-at-three", RUN);

    assertThat(a)
        .hasSizeLessThanOrEqualTo(63)
        .endsWith("-1772330400")
        .matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    assertThat(b).hasSizeLessThanOrEqualTo(63).isNotEqualTo(a);
    assertThat(CaptureNames.scheduled(policy, "nightly-at-two", RUN)).isEqualTo(a);
  }

  @Test
  void adoptedNamesDependOnPodAndDump() {
    assertThat(CaptureNames.adopted("p", "oom", "uid-1", "oom-abc"))
        .isEqualTo(CaptureNames.adopted("p", "oom", "uid-1", "oom-abc"))
        .isNotEqualTo(CaptureNames.adopted("p", "oom", "uid-2", "oom-abc"));
  }
}
