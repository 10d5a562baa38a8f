package io.heapcapture.operator.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InjectionSettingsTest {
  @Test
  void readsTheContractsExample() {
    InjectionSettings settings = InjectionSettings.parse(InjectionFixtures.CONTRACT_JSON);

    assertThat(settings.image()).isEqualTo("heapcapture/sidecar:0.1.0");
    assertThat(settings.imagePullPolicy()).isEqualTo("IfNotPresent");
    assertThat(settings.resources().getRequests())
        .containsEntry("cpu", new Quantity("10m"))
        .containsEntry("memory", new Quantity("64Mi"));
    assertThat(settings.resources().getLimits()).containsOnlyKeys("memory");
    assertThat(settings.dumpVolumeSizeLimit()).isEqualTo(new Quantity("4Gi"));
    assertThat(settings.dumpMountPath()).isEqualTo("/heapcapture/dumps");
    assertThat(settings.allowedEndpoints())
        .containsExactly(
            "https://s3.eu-west-1.amazonaws.com",
            "https://*.s3.eu-west-1.amazonaws.com",
            "http://10.96.0.20:7070");
  }

  @Test
  void onlyTheImageIsRequired() {
    InjectionSettings settings = InjectionSettings.parse("{\"image\": \"sidecar:1\"}");

    assertThat(settings.imagePullPolicy()).isEqualTo("IfNotPresent");
    assertThat(settings.resources()).isEqualTo(InjectionSettings.defaultResources());
    assertThat(settings.dumpVolumeSizeLimit()).isEqualTo(new Quantity("4Gi"));
    assertThat(settings.dumpMountPath()).isEqualTo("/heapcapture/dumps");
    assertThat(settings.allowedEndpoints()).isEmpty();
  }

  @Test
  void aMissingVariableSaysWhatIsNeeded() {
    assertThatThrownBy(() -> InjectionSettings.fromEnvironment(Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("HEAPCAPTURE_INJECTION is not set: the webhook needs the sidecar image");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          {"image": "s:1", "imagepullpolicy": "Always"}   | key imagepullpolicy: unknown key
          {"imagePullPolicy": "Always"}                   | key image: required
          {"image": "s 1"}                                | key image: required
          {"image": "s:1", "imagePullPolicy": "always"}   | key imagePullPolicy: 'always' is not Always
          {"image": "s:1", "resources": {"limits": {"memory": "128MB"}}} | key resources.limits.memory: '128MB' is not a quantity
          {"image": "s:1", "resources": {"limit": {}}}    | key resources.limit: unknown key
          {"image": "s:1", "dumpVolumeSizeLimit": "0"}    | key dumpVolumeSizeLimit: '0' must be more than 0
          {"image": "s:1", "dumpVolumeSizeLimit": 4}      | key dumpVolumeSizeLimit: must be a string
          {"image": "s:1", "dumpMountPath": "dumps"}      | key dumpMountPath: 'dumps' must be an absolute path
          {"image": "s:1", "dumpMountPath": "/tmp/dumps"} | key dumpMountPath: '/tmp/dumps' must not be under /tmp
          {"image": "s:1", "allowedEndpoints": "https://s3"} | key allowedEndpoints: must be a list
          {"image": "s:1", "allowedEndpoints": ["https://s3.x", "https://s3.x/bucket"]} | key allowedEndpoints[1]: 'https://s3.x/bucket' is not scheme://host[:port]
          {"image": "s:1", "allowedEndpoints": ["ftp://s3.x"]} | key allowedEndpoints[0]: 'ftp://s3.x' is not
          ["image"]                                       | HEAPCAPTURE_INJECTION: must be a JSON object
          {"image": "s:1",                                | HEAPCAPTURE_INJECTION: not JSON
          """)
  void aBadValueIsNamedOnOneLine(String json, String message) {
    assertThatThrownBy(() -> InjectionSettings.parse(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message)
        .hasMessageStartingWith("HEAPCAPTURE_INJECTION")
        .hasMessageNotContaining("\n");
  }
}
