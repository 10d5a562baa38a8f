package io.heapcapture.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SidecarConfigTest {
  private static final String CA = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

  @Test
  void theClientCaIsRequired() {
    assertThatThrownBy(() -> SidecarConfig.fromEnvironment(Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("HEAPCAPTURE_CLIENT_CA");
  }

  @Test
  void withoutPinnedEndpointsNoUploadIsAllowed() {
    SidecarConfig config = SidecarConfig.fromEnvironment(Map.of("HEAPCAPTURE_CLIENT_CA", CA));

    assertThat(config.clientCaPem()).isEqualTo(CA);
    assertThat(config.uploadEndpoints()).isEmpty();
    assertThat(config.listen().getPort()).isEqualTo(8086);
  }

  @Test
  void readsTheSidecarEnvironment() {
    SidecarConfig config =
        SidecarConfig.fromEnvironment(
            Map.of(
                "HEAPCAPTURE_CLIENT_CA", CA,
                "HEAPCAPTURE_UPLOAD_ENDPOINTS", "https://s3.example",
                "HEAPCAPTURE_LISTEN", "127.0.0.1:9443"));

    assertThat(config.uploadEndpoints()).isEqualTo("https://s3.example");
    assertThat(config.listen().getPort()).isEqualTo(9443);
  }

  @Test
  void theDiskBudgetIsANumberOfBytesAndNoneByDefault() {
    assertThat(SidecarConfig.fromEnvironment(Map.of("HEAPCAPTURE_CLIENT_CA", CA)).diskBudgetBytes())
        .isZero();
    assertThat(
            SidecarConfig.fromEnvironment(
                    Map.of(
                        "HEAPCAPTURE_CLIENT_CA", CA, "HEAPCAPTURE_DISK_BUDGET_BYTES", "2147483648"))
                .diskBudgetBytes())
        .isEqualTo(2147483648L);
    assertThatThrownBy(
            () ->
                SidecarConfig.fromEnvironment(
                    Map.of("HEAPCAPTURE_CLIENT_CA", CA, "HEAPCAPTURE_DISK_BUDGET_BYTES", "2Gi")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("HEAPCAPTURE_DISK_BUDGET_BYTES");
  }
}
