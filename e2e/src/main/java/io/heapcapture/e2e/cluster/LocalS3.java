package io.heapcapture.e2e.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/**
 * A real S3 server on loopback: versitygw with its POSIX backend, one root account, SigV4
 * signatures checked. It can be stopped and started again on the same port with the same data, to
 * play a store that goes away and comes back.
 */
public final class LocalS3 implements AutoCloseable {
  public static final String REGION = "us-east-1";

  private static final Logger log = LoggerFactory.getLogger(LocalS3.class);
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
  // Bucket names cannot contain '_', so this path never shadows a bucket.
  private static final String HEALTH_PATH = "/_heapcapture_health";

  private final Path binary;
  private final Path dir;
  private final Path dataDir;
  private final Path logFile;
  private final String accessKey = "heapcapture-test";
  private final String secretKey = UUID.randomUUID().toString();
  private final HttpClient health = HttpClient.newHttpClient();
  private int port;
  private String host = "127.0.0.1";
  private LocalProcess process;
  private S3Client client;

  private LocalS3(Path binary, Path dir) {
    this.binary = binary;
    this.dir = dir;
    this.dataDir = dir.resolve("data");
    this.logFile = dir.resolve("versitygw.log");
  }

  /** Starts versitygw on a free loopback port with an empty data dir under e2e/target/testbed. */
  public static LocalS3 start() {
    return start("127.0.0.1");
  }

  /**
   * Starts versitygw on {@code host}, e.g. the real node's IP, which its pods reach while they
   * cannot reach the host's loopback.
   */
  public static LocalS3 start(String host) {
    LocalS3 s3 = new LocalS3(Testbed.tool("versitygw"), Testbed.newRunDir("s3"));
    s3.host = host;
    try {
      Files.createDirectories(s3.dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // A port found free can be taken before versitygw binds it; then try another one.
    for (int attempt = 1; ; attempt++) {
      s3.port = freeLoopbackPort();
      try {
        s3.startServer();
        return s3;
      } catch (IllegalStateException e) {
        if (attempt == 3) {
          throw e;
        }
        log.warn("versitygw did not start on port {}, trying another: {}", s3.port, e.getMessage());
      }
    }
  }

  /** Starts the server again after {@link #stop()}: same port, same data, same credentials. */
  public synchronized void restart() {
    if (isRunning()) {
      throw new IllegalStateException("versitygw is already running on " + endpoint());
    }
    startServer();
  }

  /** Stops the server; objects and open multipart uploads stay on disk for {@link #restart()}. */
  public synchronized void stop() {
    if (process != null) {
      process.stop();
      log.info("versitygw on port {} stopped", port);
    }
  }

  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** For example {@code http://127.0.0.1:41234}; buckets are addressed path-style. */
  public URI endpoint() {
    return URI.create("http://" + host + ":" + port);
  }

  public String accessKey() {
    return accessKey;
  }

  public String secretKey() {
    return secretKey;
  }

  public String region() {
    return REGION;
  }

  /** The backend's folder: one sub-folder per bucket, one file per object. */
  public Path dataDir() {
    return dataDir;
  }

  public Path logFile() {
    return logFile;
  }

  /** An SDK client for this server with the root credentials, path-style. */
  public synchronized S3Client client() {
    if (client == null) {
      client =
          S3Client.builder()
              .endpointOverride(endpoint())
              .region(Region.of(REGION))
              .forcePathStyle(true)
              .credentialsProvider(
                  StaticCredentialsProvider.create(
                      AwsBasicCredentials.create(accessKey, secretKey)))
              .httpClient(UrlConnectionHttpClient.create())
              .build();
    }
    return client;
  }

  public void createBucket(String name) {
    client().createBucket(b -> b.bucket(name));
  }

  /** Multipart uploads started and neither completed nor aborted. */
  public List<MultipartUpload> listOpenMultipartUploads(String bucket) {
    return client().listMultipartUploadsPaginator(b -> b.bucket(bucket)).uploads().stream()
        .toList();
  }

  @Override
  public synchronized void close() {
    if (client != null) {
      client.close();
      client = null;
    }
    stop();
    deleteDataDir();
  }

  private void startServer() {
    ProcessBuilder builder =
        new ProcessBuilder(
            binary.toString(),
            "--port",
            host + ":" + port,
            "--access",
            accessKey,
            "--secret",
            secretKey,
            "--region",
            REGION,
            "--health",
            HEALTH_PATH,
            "posix",
            dataDir.toString());
    builder.directory(dir.toFile());
    // versitygw reads most flags from the environment too (VGW_*, ROOT_*, even a bare LOGFILE):
    // none of the caller's may leak in.
    Map<String, String> env = builder.environment();
    env.keySet()
        .removeIf(
            k ->
                k.startsWith("VGW_")
                    || k.startsWith("ROOT_")
                    || k.equals("LOGFILE")
                    || k.equals("WEBHOOK"));
    process = LocalProcess.start("versitygw", builder, logFile);
    awaitHealthy();
    log.info(
        "S3 (versitygw) listening on {} with data in {}; log: {}", endpoint(), dataDir, logFile);
  }

  private void awaitHealthy() {
    HttpRequest request =
        HttpRequest.newBuilder(endpoint().resolve(HEALTH_PATH))
            .timeout(Duration.ofSeconds(2))
            .GET()
            .build();
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "versitygw exited with code "
                + process.exitCode()
                + " while starting on port "
                + port
                + "; log "
                + logFile
                + " ends with:\n"
                + process.logTail(20));
      }
      try {
        if (health.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for versitygw", e);
      }
      sleep(Duration.ofMillis(100));
    }
    process.stop();
    throw new IllegalStateException(
        "versitygw did not answer "
            + HEALTH_PATH
            + " within "
            + STARTUP_TIMEOUT
            + "; log "
            + logFile
            + " ends with:\n"
            + process.logTail(20));
  }

  private void deleteDataDir() {
    try (Stream<Path> files = Files.walk(dataDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      log.warn("cannot delete {}: {}", dataDir, e.toString());
    }
  }

  private static int freeLoopbackPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on loopback", e);
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "versitygw on " + endpoint() + " (" + dir + ")";
  }
}
