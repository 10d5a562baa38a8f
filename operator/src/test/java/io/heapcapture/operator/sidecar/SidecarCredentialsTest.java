package io.heapcapture.operator.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SidecarCredentialsTest {
  private static final byte[] KEY =
      "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  @Test
  void theSameKeyGivesTheSameTokenForANamespace() {
    assertThat(new SidecarCredentials(KEY).tokenFor("shop"))
        .isEqualTo(new SidecarCredentials(KEY.clone()).tokenFor("shop"))
        .isNotBlank();
  }

  @Test
  void namespacesGetDifferentTokens() {
    SidecarCredentials credentials = new SidecarCredentials(KEY);

    assertThat(credentials.tokenFor("shop")).isNotEqualTo(credentials.tokenFor("billing"));
  }

  @Test
  void anotherKeyGivesAnotherToken() {
    byte[] other = KEY.clone();
    other[0] ^= 1;

    assertThat(new SidecarCredentials(other).tokenFor("shop"))
        .isNotEqualTo(new SidecarCredentials(KEY).tokenFor("shop"));
  }

  @Test
  void changingTheCallersArrayLaterDoesNotChangeTheKey() {
    byte[] key = KEY.clone();
    SidecarCredentials credentials = new SidecarCredentials(key);
    String before = credentials.tokenFor("shop");

    Arrays.fill(key, (byte) 0);

    assertThat(credentials.tokenFor("shop")).isEqualTo(before);
  }

  @Test
  void refusesKeysShorterThan32Bytes() {
    assertThatThrownBy(() -> new SidecarCredentials(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32 bytes");
  }
}
