package io.heapcapture.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The S3 stand-in behaves like a store the tests can trust: it checks signatures, keeps data. */
class LocalS3IT {
  private static LocalS3 s3;

  @BeforeAll
  static void startS3() {
    s3 = LocalS3.start();
  }

  @AfterAll
  static void stopS3() {
    if (s3 != null) {
      s3.close();
    }
  }

  @Test
  void refusesAWrongSignature() {
    s3.createBucket("signed");
    try (S3Client forger =
        S3Client.builder()
            .endpointOverride(s3.endpoint())
            .region(Region.of(s3.region()))
            .forcePathStyle(true)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(s3.accessKey(), "not-the-secret")))
            .httpClient(UrlConnectionHttpClient.create())
            .build()) {
      assertThatThrownBy(() -> forger.headBucket(b -> b.bucket("signed")))
          .isInstanceOf(S3Exception.class)
          .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(403));
    }
  }

  @Test
  void keepsObjectsAndOpenUploadsAcrossARestart() {
    s3.createBucket("restarts");
    s3.client().putObject(b -> b.bucket("restarts").key("a/b.txt"), RequestBody.fromString("hi"));
    String uploadId =
        s3.client().createMultipartUpload(b -> b.bucket("restarts").key("big.hprof")).uploadId();

    s3.stop();
    assertThat(s3.isRunning()).isFalse();
    assertThatThrownBy(() -> s3.client().headBucket(b -> b.bucket("restarts")))
        .isInstanceOf(SdkClientException.class)
        .hasRootCauseInstanceOf(ConnectException.class);
    s3.restart();

    assertThat(
            s3.client().getObjectAsBytes(b -> b.bucket("restarts").key("a/b.txt")).asUtf8String())
        .isEqualTo("hi");
    assertThat(s3.listOpenMultipartUploads("restarts"))
        .extracting(MultipartUpload::uploadId)
        .containsExactly(uploadId);
    s3.client().abortMultipartUpload(b -> b.bucket("restarts").key("big.hprof").uploadId(uploadId));
    assertThat(s3.listOpenMultipartUploads("restarts")).isEmpty();
  }
}
