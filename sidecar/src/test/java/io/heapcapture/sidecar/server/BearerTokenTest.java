package io.heapcapture.sidecar.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class BearerTokenTest {
  // Tokens as the operator derives them: one per namespace.
  private static final String SHOP = "Zm9yLXNob3AtbmFtZXNwYWNlLW9ubHk";
  private static final String BILLING = "Zm9yLWJpbGxpbmctbmFtZXNwYWNlLW9ubHk";

  @TempDir Path dir;
  private Path file;
  private BearerToken token;

  @BeforeEach
  void mountShopToken() throws IOException {
    file = Files.writeString(dir.resolve("token"), SHOP + "\n");
    token = new BearerToken(file);
  }

  @Test
  void acceptsTheMountedToken() {
    assertThat(token.accepts("Bearer " + SHOP)).isTrue();
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "Bearer " + BILLING,
        "Bearer wrong",
        "Bearer " + SHOP + "x",
        "Bearer ",
        SHOP,
        "Basic " + SHOP,
        "bearer " + SHOP
      })
  void refusesEverythingElse(String header) {
    assertThat(token.accepts(header)).isFalse();
  }

  @Test
  void anEmptyTokenFileAcceptsNobody() throws IOException {
    Files.writeString(file, "\n");

    assertThat(token.accepts("Bearer ")).isFalse();
    assertThat(token.accepts("Bearer  ")).isFalse();
  }

  @Test
  void aMissingTokenFileAcceptsNobody() throws IOException {
    Files.delete(file);

    assertThat(token.accepts("Bearer " + SHOP)).isFalse();
  }

  @Test
  void aRotatedTokenTakesEffectWithoutRestart() throws IOException {
    String rotated = "cm90YXRlZC10b2tlbi1mb3Itc2hvcA";
    Files.writeString(file, rotated);

    assertThat(token.accepts("Bearer " + rotated)).isTrue();
    assertThat(token.accepts("Bearer " + SHOP)).isFalse();
  }
}
