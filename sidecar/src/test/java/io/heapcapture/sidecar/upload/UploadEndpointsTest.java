package io.heapcapture.sidecar.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class UploadEndpointsTest {
  private static final UploadEndpoints PINNED =
      UploadEndpoints.parse(
          "https://s3.eu-west-1.amazonaws.com, https://*.s3.eu-west-1.amazonaws.com,"
              + "http://10.96.0.20:7070");

  @Test
  void urlsOnAPinnedEndpointAreAllowed() {
    assertThat(
            PINNED.firstRefused(
                List.of(
                    "https://s3.eu-west-1.amazonaws.com/bucket/key?partNumber=1",
                    "https://S3.EU-WEST-1.amazonaws.com:443/bucket/key?partNumber=2",
                    "https://bucket.s3.eu-west-1.amazonaws.com/key?partNumber=3",
                    "https://a.b.s3.eu-west-1.amazonaws.com/key",
                    "http://10.96.0.20:7070/bucket/key")))
        .isEmpty();
  }

  @Test
  void anotherHostIsRefusedNamingOnlyItsEndpoint() {
    assertThat(
            PINNED.firstRefused(
                List.of(
                    "https://s3.eu-west-1.amazonaws.com/b/k",
                    "https://evil.example/b/k?X-Amz-Signature=secret")))
        .contains("https://evil.example:443");
  }

  @Test
  void schemeAndPortMustMatchToo() {
    assertThat(PINNED.firstRefused(List.of("http://s3.eu-west-1.amazonaws.com/b/k"))).isPresent();
    assertThat(PINNED.firstRefused(List.of("https://s3.eu-west-1.amazonaws.com:8443/b/k")))
        .isPresent();
    assertThat(PINNED.firstRefused(List.of("http://10.96.0.20/b/k"))).isPresent();
    assertThat(PINNED.firstRefused(List.of("http://10.96.0.20:7071/b/k"))).isPresent();
  }

  @Test
  void aWildcardNeedsAtLeastOneLabelAndAWholeLabelSuffix() {
    assertThat(PINNED.firstRefused(List.of("https://xs3.eu-west-1.amazonaws.com/k"))).isPresent();
    assertThat(PINNED.firstRefused(List.of("https://s3.eu-west-1.amazonaws.com.evil.example/k")))
        .isPresent();
    UploadEndpoints wildcardOnly = UploadEndpoints.parse("https://*.store.example");
    assertThat(wildcardOnly.firstRefused(List.of("https://store.example/k"))).isPresent();
  }

  @Test
  void userInfoCannotDisguiseTheHost() {
    assertThat(PINNED.firstRefused(List.of("https://s3.eu-west-1.amazonaws.com@evil.example/k")))
        .contains("https://evil.example:443");
  }

  @Test
  void noPinnedEndpointRefusesEveryUpload() {
    assertThat(UploadEndpoints.parse("").firstRefused(List.of("https://s3.amazonaws.com/b/k")))
        .isPresent();
    assertThat(UploadEndpoints.parse(null).firstRefused(List.of("http://127.0.0.1:9000/b/k")))
        .isPresent();
  }

  @Test
  void unreadableUrlsAreRefused() {
    assertThat(PINNED.firstRefused(List.of("not a url"))).isPresent();
    assertThat(PINNED.firstRefused(List.of("ftp://s3.eu-west-1.amazonaws.com/b/k"))).isPresent();
  }

  @Test
  void badPinsAreConfigurationErrors() {
    assertThatThrownBy(() -> UploadEndpoints.parse("s3.amazonaws.com"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> UploadEndpoints.parse("https://s3.amazonaws.com/bucket"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> UploadEndpoints.parse("https://a*.amazonaws.com"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> UploadEndpoints.parse("ftp://store"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
