package io.heapcapture.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heapcapture.e2e.cluster.LocalS3;
import io.heapcapture.operator.analysis.ReportLayout;
import io.heapcapture.operator.storage.ObjectLocation;
import io.heapcapture.operator.storage.S3ObjectStore;
import io.heapcapture.operator.storage.StorageConnection;
import io.heapcapture.operator.storage.StorageException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The operator's object-store operations that the analysis uses, against a real S3 server that
 * checks signatures: small reads, presigned GETs and PUTs (with their content type), deletes.
 */
class S3ObjectStoreIT {
  private static final String BUCKET = "store-ops";
  private static final Duration TTL = Duration.ofMinutes(5);
  private static LocalS3 s3;
  private static S3ObjectStore store;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void start() {
    s3 = LocalS3.start();
    s3.createBucket(BUCKET);
    store =
        S3ObjectStore.connect(
            new StorageConnection(
                s3.endpoint().toString(),
                s3.region(),
                true,
                new StorageConnection.StaticCredentials(s3.accessKey(), s3.secretKey())));
  }

  @AfterAll
  static void stop() {
    if (store != null) {
      store.close();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  @Test
  void aSmallObjectIsReadWholeAMissingOneIsEmptyALargeOneRefused() throws Exception {
    s3.client().putObject(b -> b.bucket(BUCKET).key("r/small.json"), RequestBody.fromString("{}"));

    assertThat(store.readSmallObject(new ObjectLocation(BUCKET, "r/small.json"), 1024))
        .hasValueSatisfying(b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("{}"));
    assertThat(store.readSmallObject(new ObjectLocation(BUCKET, "r/missing.json"), 1024)).isEmpty();
    assertThatThrownBy(() -> store.readSmallObject(new ObjectLocation(BUCKET, "r/small.json"), 1))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("holds 2 bytes");
  }

  @Test
  void presignedUrlsReadAndWriteExactlyTheirObject() throws Exception {
    ObjectLocation dump = new ObjectLocation(BUCKET, "p/pod-1.hprof.zst");
    s3.client().putObject(b -> b.bucket(BUCKET).key(dump.key()), RequestBody.fromString("dump"));
    ObjectLocation report = ReportLayout.json(dump);

    HttpResponse<String> got =
        http.send(
            HttpRequest.newBuilder(URI.create(store.presignGet(dump, TTL))).build(),
            HttpResponse.BodyHandlers.ofString());
    String putUrl = store.presignPut(report, ReportLayout.JSON_CONTENT_TYPE, TTL);
    HttpResponse<String> wrongType = put(putUrl, "text/plain");
    HttpResponse<String> put = put(putUrl, ReportLayout.JSON_CONTENT_TYPE);

    assertThat(got.statusCode()).isEqualTo(200);
    assertThat(got.body()).isEqualTo("dump");
    assertThat(report.key()).isEqualTo("p/pod-1.report.json");
    assertThat(wrongType.statusCode()).as("a PUT with another content type").isEqualTo(403);
    assertThat(put.statusCode()).isEqualTo(200);
    assertThat(s3.client().headObject(b -> b.bucket(BUCKET).key(report.key())).contentType())
        .isEqualTo(ReportLayout.JSON_CONTENT_TYPE);
  }

  @Test
  void aDeletedObjectIsGoneAndDeletingItAgainIsFine() throws Exception {
    ObjectLocation object = new ObjectLocation(BUCKET, "d/wrong-size.hprof.zst");
    s3.client().putObject(b -> b.bucket(BUCKET).key(object.key()), RequestBody.fromString("x"));

    store.deleteObject(object);
    store.deleteObject(object);

    assertThat(store.readSmallObject(object, 1024)).isEmpty();
  }

  private HttpResponse<String> put(String url, String contentType) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", contentType)
            .PUT(HttpRequest.BodyPublishers.ofString("{\"schema\":\"x\"}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
