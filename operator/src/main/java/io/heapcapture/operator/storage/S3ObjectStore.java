package io.heapcapture.operator.storage;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.UploadPartPresignRequest;

/** {@link ObjectStore} on the AWS SDK v2: works with AWS S3 and S3-compatible servers. */
public final class S3ObjectStore implements ObjectStore {
  /** S3 caps presigned URLs at seven days. */
  static final Duration MAX_URL_TTL = Duration.ofDays(7);

  private final S3Client client;
  private final S3Presigner presigner;

  private S3ObjectStore(S3Client client, S3Presigner presigner) {
    this.client = client;
    this.presigner = presigner;
  }

  /**
   * Connects to a store. Request checksums are sent only where S3 requires them: the SDK's default
   * since 2.30 adds CRC headers that several S3-compatible servers refuse.
   */
  public static S3ObjectStore connect(StorageConnection connection) {
    AwsCredentialsProvider credentials = credentialsOf(connection);
    Region region = Region.of(connection.region());
    S3Configuration s3 =
        S3Configuration.builder().pathStyleAccessEnabled(connection.pathStyle()).build();
    var clientBuilder =
        S3Client.builder()
            .region(region)
            .credentialsProvider(credentials)
            .serviceConfiguration(s3)
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
            .httpClientBuilder(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(5))
                    .socketTimeout(Duration.ofSeconds(30)))
            .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(60)));
    var presignerBuilder =
        S3Presigner.builder()
            .region(region)
            .credentialsProvider(credentials)
            .serviceConfiguration(s3);
    if (connection.endpoint() != null) {
      URI endpoint = URI.create(connection.endpoint());
      clientBuilder.endpointOverride(endpoint);
      presignerBuilder.endpointOverride(endpoint);
    }
    return new S3ObjectStore(clientBuilder.build(), presignerBuilder.build());
  }

  private static AwsCredentialsProvider credentialsOf(StorageConnection connection) {
    if (connection.credentials() == null) {
      return DefaultCredentialsProvider.builder().build();
    }
    return StaticCredentialsProvider.create(
        AwsBasicCredentials.create(
            connection.credentials().accessKeyId(), connection.credentials().secretAccessKey()));
  }

  @Override
  public String createUpload(ObjectLocation location, String contentType) throws StorageException {
    return call(
        "open an upload of " + location,
        () ->
            client
                .createMultipartUpload(
                    r -> r.bucket(location.bucket()).key(location.key()).contentType(contentType))
                .uploadId());
  }

  @Override
  public PartAuthorization authorizeParts(
      ObjectLocation location, String uploadId, int parts, long partSize, Duration ttl)
      throws StorageException {
    Duration validFor = capped(ttl);
    return call(
        "authorize parts of " + location,
        () -> {
          List<String> urls = new ArrayList<>(parts);
          for (int part = 1; part <= parts; part++) {
            UploadPartRequest request =
                UploadPartRequest.builder()
                    .bucket(location.bucket())
                    .key(location.key())
                    .uploadId(uploadId)
                    .partNumber(part)
                    .build();
            urls.add(
                presigner
                    .presignUploadPart(
                        UploadPartPresignRequest.builder()
                            .signatureDuration(validFor)
                            .uploadPartRequest(request)
                            .build())
                    .url()
                    .toString());
          }
          return new PartAuthorization(partSize, urls);
        });
  }

  @Override
  public long completeUpload(ObjectLocation location, String uploadId, List<CompletedPart> parts)
      throws StorageException {
    var completed =
        CompletedMultipartUpload.builder()
            .parts(
                parts.stream()
                    .map(
                        p ->
                            software.amazon.awssdk.services.s3.model.CompletedPart.builder()
                                .partNumber(p.partNumber())
                                .eTag(p.etag())
                                .build())
                    .toList())
            .build();
    return call(
        "complete the upload of " + location,
        () -> {
          client.completeMultipartUpload(
              CompleteMultipartUploadRequest.builder()
                  .bucket(location.bucket())
                  .key(location.key())
                  .uploadId(uploadId)
                  .multipartUpload(completed)
                  .build());
          return client
              .headObject(r -> r.bucket(location.bucket()).key(location.key()))
              .contentLength();
        });
  }

  @Override
  public void abortUpload(ObjectLocation location, String uploadId) throws StorageException {
    call(
        "abort the upload of " + location,
        () -> {
          try {
            client.abortMultipartUpload(
                r -> r.bucket(location.bucket()).key(location.key()).uploadId(uploadId));
          } catch (NoSuchUploadException gone) {
            // Already completed or aborted: nothing is left open, which is what abort is for.
          }
          return null;
        });
  }

  @Override
  public int abortUploads(ObjectLocation location) throws StorageException {
    List<MultipartUpload> open =
        call(
            "list open uploads of " + location,
            () ->
                client
                    .listMultipartUploads(r -> r.bucket(location.bucket()).prefix(location.key()))
                    .uploads());
    int aborted = 0;
    for (MultipartUpload upload : open) {
      if (upload.key().equals(location.key())) {
        abortUpload(location, upload.uploadId());
        aborted++;
      }
    }
    return aborted;
  }

  @Override
  public void putSmallObject(ObjectLocation location, String contentType, byte[] content)
      throws StorageException {
    call(
        "write " + location,
        () ->
            client.putObject(
                r -> r.bucket(location.bucket()).key(location.key()).contentType(contentType),
                RequestBody.fromBytes(content)));
  }

  @Override
  public void deleteObject(ObjectLocation location) throws StorageException {
    call(
        "delete " + location,
        () -> client.deleteObject(r -> r.bucket(location.bucket()).key(location.key())));
  }

  @Override
  public String presignGet(ObjectLocation location, Duration ttl) throws StorageException {
    return call(
        "authorize a download of " + location,
        () ->
            presigner
                .presignGetObject(
                    r ->
                        r.signatureDuration(capped(ttl))
                            .getObjectRequest(g -> g.bucket(location.bucket()).key(location.key())))
                .url()
                .toString());
  }

  @Override
  public String presignPut(ObjectLocation location, String contentType, Duration ttl)
      throws StorageException {
    return call(
        "authorize an upload of " + location,
        () ->
            presigner
                .presignPutObject(
                    r ->
                        r.signatureDuration(capped(ttl))
                            .putObjectRequest(
                                p ->
                                    p.bucket(location.bucket())
                                        .key(location.key())
                                        .contentType(contentType)))
                .url()
                .toString());
  }

  @Override
  public Optional<byte[]> readSmallObject(ObjectLocation location, long maxBytes)
      throws StorageException {
    // One GET: its response tells the size before the body is read.
    Optional<Sized> read =
        call(
            "read " + location,
            () -> {
              try (ResponseInputStream<GetObjectResponse> object =
                  client.getObject(r -> r.bucket(location.bucket()).key(location.key()))) {
                long size = object.response().contentLength();
                if (size > maxBytes) {
                  object.abort();
                  return Optional.of(new Sized(size, null));
                }
                return Optional.of(new Sized(size, object.readAllBytes()));
              } catch (NoSuchKeyException missing) {
                return Optional.empty();
              } catch (IOException e) {
                throw SdkClientException.create("reading " + location + " failed", e);
              }
            });
    if (read.isPresent() && read.get().content() == null) {
      throw new StorageException(
          StorageFailure.StorageError,
          location
              + " holds "
              + read.get().size()
              + " bytes, more than the "
              + maxBytes
              + " expected",
          null);
    }
    return read.map(Sized::content);
  }

  /** An object's size, and its content when it was read. */
  private record Sized(long size, byte[] content) {}

  private static Duration capped(Duration ttl) {
    return ttl.compareTo(MAX_URL_TTL) > 0 ? MAX_URL_TTL : ttl;
  }

  @Override
  public void close() {
    presigner.close();
    client.close();
  }

  private interface StoreCall<T> {
    T run();
  }

  private static <T> T call(String what, StoreCall<T> call) throws StorageException {
    try {
      return call.run();
    } catch (S3Exception e) {
      throw new StorageException(failureOf(e), "could not " + what + ": " + describe(e), e);
    } catch (SdkClientException e) {
      throw new StorageException(
          StorageFailure.StorageUnavailable,
          "could not " + what + ": the object store is unreachable (" + rootMessage(e) + ")",
          e);
    } catch (SdkException e) {
      throw new StorageException(StorageFailure.StorageError, "could not " + what, e);
    }
  }

  static StorageFailure failureOf(S3Exception e) {
    String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    if ("NoSuchBucket".equals(code)) {
      return StorageFailure.BucketNotFound;
    }
    if (e.statusCode() == 401 || e.statusCode() == 403) {
      return StorageFailure.StorageAccessDenied;
    }
    if (e.statusCode() >= 500) {
      return StorageFailure.StorageUnavailable;
    }
    return StorageFailure.StorageError;
  }

  private static String describe(S3Exception e) {
    String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    return (code == null ? "HTTP " + e.statusCode() : code) + " (HTTP " + e.statusCode() + ")";
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
