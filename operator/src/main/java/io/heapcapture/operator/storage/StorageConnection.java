package io.heapcapture.operator.storage;

import java.util.Objects;

/**
 * How to reach one store: endpoint, region, addressing and credentials. Two captures with equal
 * connections share one client.
 *
 * @param endpoint endpoint URL, or null for AWS S3
 * @param region signing region
 * @param pathStyle address buckets as paths
 * @param credentials static credentials, or null for the default AWS credential chain
 */
public record StorageConnection(
    String endpoint, String region, boolean pathStyle, StaticCredentials credentials) {
  public StorageConnection {
    Objects.requireNonNull(region, "region");
  }

  /** An access key pair; {@code toString} never shows the secret. */
  public record StaticCredentials(String accessKeyId, String secretAccessKey) {
    @Override
    public String toString() {
      return "StaticCredentials[" + accessKeyId + "]";
    }
  }
}
