package io.heapcapture.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperatorSettingsTest {
  @Test
  void defaultsWhenNothingIsSet() {
    OperatorSettings settings = OperatorSettings.fromEnvironment(Map.of());
    assertThat(settings.namespaces()).isEmpty();
    assertThat(settings.leaderElection()).isFalse();
    assertThat(settings.healthPort()).isEqualTo(8081);
    assertThat(settings.webhookPort()).isEqualTo(9443);
    assertThat(settings.webhookService()).isEqualTo("heapcapture-webhook");
    assertThat(settings.webhookConfiguration()).isEqualTo("heapcapture");
    assertThat(settings.webhookCertDir()).isEmpty();
    assertThat(settings.injection()).isEmpty();
  }

  @Test
  void readsWhatTheChartSets() {
    OperatorSettings settings =
        OperatorSettings.fromEnvironment(
            Map.of(
                "HEAPCAPTURE_NAMESPACES", " shop, ,billing ",
                "HEAPCAPTURE_OPERATOR_NAMESPACE", "heapcapture-system",
                "HEAPCAPTURE_POD_NAME", "heapcapture-7d4b9-x2",
                "HEAPCAPTURE_LEADER_ELECTION", "TRUE",
                "HEAPCAPTURE_HEALTH_PORT", "0",
                "HEAPCAPTURE_WEBHOOK_CERT_DIR", "/etc/heapcapture/webhook-tls",
                "HEAPCAPTURE_INJECTION", "{\"image\":\"x\"}"));
    assertThat(settings.namespaces()).containsExactlyInAnyOrder("shop", "billing");
    assertThat(settings.operatorNamespace()).isEqualTo("heapcapture-system");
    assertThat(settings.podName()).isEqualTo("heapcapture-7d4b9-x2");
    assertThat(settings.leaderElection()).isTrue();
    assertThat(settings.healthPort()).isZero();
    assertThat(settings.webhookCertDir()).contains(Path.of("/etc/heapcapture/webhook-tls"));
    assertThat(settings.injection()).contains("{\"image\":\"x\"}");
  }

  @Test
  void badValuesAreNamed() {
    assertThatThrownBy(
            () -> OperatorSettings.fromEnvironment(Map.of("HEAPCAPTURE_WEBHOOK_PORT", "70000")))
        .hasMessageContaining("HEAPCAPTURE_WEBHOOK_PORT");
    assertThatThrownBy(
            () -> OperatorSettings.fromEnvironment(Map.of("HEAPCAPTURE_LEADER_ELECTION", "yes")))
        .hasMessageContaining("HEAPCAPTURE_LEADER_ELECTION");
    assertThatThrownBy(
            () -> OperatorSettings.fromEnvironment(Map.of("HEAPCAPTURE_LEADER_ELECTION", "true")))
        .hasMessageContaining("HEAPCAPTURE_OPERATOR_NAMESPACE");
  }
}
