package io.heapcapture.e2e;

import io.heapcapture.e2e.cluster.LocalS3;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** Presigned URLs for the local S3 server, made as the operator will make them. */
final class Presigned implements AutoCloseable {
  private static final Duration VALIDITY = Duration.ofMinutes(15);
  private final S3Presigner presigner;

  Presigned(LocalS3 s3) {
    presigner =
        S3Presigner.builder()
            .endpointOverride(s3.endpoint())
            .region(Region.of(s3.region()))
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(s3.accessKey(), s3.secretKey())))
            .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
            .build();
  }

  String get(String bucket, String key) {
    return presigner
        .presignGetObject(
            r -> r.signatureDuration(VALIDITY).getObjectRequest(g -> g.bucket(bucket).key(key)))
        .url()
        .toString();
  }

  /** A PUT URL that accepts only this exact Content-Type. */
  String put(String bucket, String key, String contentType) {
    return presigner
        .presignPutObject(
            r ->
                r.signatureDuration(VALIDITY)
                    .putObjectRequest(p -> p.bucket(bucket).key(key).contentType(contentType)))
        .url()
        .toString();
  }

  @Override
  public void close() {
    presigner.close();
  }
}
