package io.heapcapture.analyzer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.heapcapture.analyzer.testing.SampleHprof;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dumps from URLs and reports to URLs, against a local HTTP server. */
class AnalyzeUrlsTest {
  private static final String SIGNATURE = "X-Amz-Signature=0123456789abcdef";

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final Map<String, Upload> uploads = new ConcurrentHashMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private HttpServer server;
  @TempDir Path workDir;

  record Upload(String contentType, byte[] body) {}

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/out/",
        exchange -> {
          requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
          byte[] body = exchange.getRequestBody().readAllBytes();
          uploads.put(
              exchange.getRequestURI().getPath(),
              new Upload(exchange.getRequestHeaders().getFirst("Content-Type"), body));
          respond(exchange, 200, new byte[0]);
        });
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private String url(String pathAndQuery) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery;
  }

  private void serve(String path, byte[] body) {
    server.createContext(
        path,
        exchange -> {
          requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
          respond(exchange, 200, body);
        });
  }

  private int run(String... args) {
    return AnalyzeCommand.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        new HttpTransfer(Duration.ofMillis(10)));
  }

  private String errText() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void downloadsDumpsAndPutsBothReportsWithTheirContentTypes() throws Exception {
    serve("/bucket/ns/pod-abc.hprof.zst", SampleHprof.bytes(8, true));
    // The server matches decoded paths.
    serve("/bucket/ns/pod before.hprof", SampleHprof.bytes(8, false));

    int exit =
        run(
            url("/bucket/ns/pod-abc.hprof.zst?" + SIGNATURE),
            "--baseline",
            url("/bucket/ns/pod%20before.hprof?" + SIGNATURE),
            "--json",
            url("/out/report.json?" + SIGNATURE),
            "--markdown",
            url("/out/report.md?" + SIGNATURE),
            "--work-dir",
            workDir.toString());

    assertThat(exit).as(errText()).isZero();
    Upload json = uploads.get("/out/report.json");
    Upload markdown = uploads.get("/out/report.md");
    assertThat(json.contentType()).isEqualTo("application/json");
    assertThat(markdown.contentType()).isEqualTo("text/markdown; charset=utf-8");
    JsonNode report = new ObjectMapper().readTree(json.body());
    assertThat(report.get("schema").asText()).isEqualTo("heapcapture.io/analysis-report/v1");
    assertThat(report.get("dump").asText()).isEqualTo("pod-abc.hprof.zst");
    assertThat(report.get("baseline").asText()).isEqualTo("pod before.hprof");
    assertThat(new String(markdown.body(), StandardCharsets.UTF_8)).startsWith("# Heap analysis");
    assertThat(new String(json.body(), StandardCharsets.UTF_8)).doesNotContain(SIGNATURE);
    assertThat(errText()).as("progress").contains("downloading pod-abc.hprof.zst");
    assertThat(filesUnder(workDir)).as("downloads are deleted").isEmpty();
  }

  @Test
  void retriesServerErrors() throws Exception {
    byte[] dump = SampleHprof.bytes(8, true);
    AtomicInteger gets = new AtomicInteger();
    server.createContext(
        "/flaky.hprof",
        exchange -> respond(exchange, gets.incrementAndGet() < 3 ? 503 : 200, dump));

    int exit = run("--quiet", url("/flaky.hprof"), "--work-dir", workDir.toString());

    assertThat(exit).as(errText()).isZero();
    assertThat(gets).hasValue(3);
  }

  @Test
  void forbiddenIsOneLineWithoutTheQueryStringAndExitCode3() throws Exception {
    AtomicInteger gets = new AtomicInteger();
    server.createContext(
        "/bucket/denied.hprof",
        exchange -> {
          gets.incrementAndGet();
          respond(exchange, 403, "<Error>SignatureDoesNotMatch</Error>".getBytes());
        });

    int exit =
        run("--quiet", url("/bucket/denied.hprof?" + SIGNATURE), "--work-dir", workDir.toString());

    assertThat(exit).isEqualTo(AnalyzeCommand.EXIT_TRANSFER_FAILED);
    assertThat(gets).as("a 4xx is not retried").hasValue(1);
    assertThat(errText())
        .isEqualTo("analyze: GET " + url("/bucket/denied.hprof") + ": HTTP 403\n")
        .doesNotContain("Signature");
    assertThat(filesUnder(workDir)).isEmpty();
  }

  @Test
  void uploadThatKeepsFailingGivesUpAfterThreeAttempts(@TempDir Path local) throws Exception {
    Path dump = Files.write(local.resolve("now.hprof"), SampleHprof.bytes(8, true));
    AtomicInteger puts = new AtomicInteger();
    server.createContext(
        "/broken/",
        exchange -> {
          puts.incrementAndGet();
          exchange.getRequestBody().readAllBytes();
          respond(exchange, 500, new byte[0]);
        });

    int exit = run("--quiet", dump.toString(), "--json", url("/broken/report.json?" + SIGNATURE));

    assertThat(exit).isEqualTo(AnalyzeCommand.EXIT_TRANSFER_FAILED);
    assertThat(puts).hasValue(HttpTransfer.ATTEMPTS);
    assertThat(errText())
        .isEqualTo(
            "analyze: PUT " + url("/broken/report.json") + ": HTTP 500 (after 3 attempts)\n");
  }

  @Test
  void noServerIsATransferFailureNamingTheUrlWithoutQuery() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    String base = "http://127.0.0.1:" + closedPort + "/bucket/pod.hprof";

    int exit = run("--quiet", base + "?" + SIGNATURE, "--work-dir", workDir.toString());

    assertThat(exit).isEqualTo(AnalyzeCommand.EXIT_TRANSFER_FAILED);
    assertThat(errText())
        .startsWith("analyze: GET " + base + ": ")
        .endsWith("(after 3 attempts)\n")
        .doesNotContain("Signature");
    assertThat(errText().lines()).hasSize(1);
    assertThat(filesUnder(workDir)).isEmpty();
  }

  @Test
  void downloadedForeignFileIsBadInputAndIsDeleted() throws Exception {
    serve("/bucket/picture.hprof", new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0});

    int exit =
        run("--quiet", url("/bucket/picture.hprof?" + SIGNATURE), "--work-dir", workDir.toString());

    assertThat(exit).isEqualTo(AnalyzeCommand.EXIT_BAD_INPUT);
    assertThat(errText())
        .as("names the URL, not the temporary copy")
        .startsWith("analyze: " + url("/bucket/picture.hprof") + " is not a heap dump")
        .doesNotContain(workDir.toString())
        .doesNotContain("Signature");
    assertThat(filesUnder(workDir)).isEmpty();
  }

  @Test
  void fileNameIsTheDecodedLastPathSegment() {
    assertThat(Location.fileName(java.net.URI.create("http://h/b/ns/pod-abc.hprof.zst?x=y")))
        .isEqualTo("pod-abc.hprof.zst");
    assertThat(Location.fileName(java.net.URI.create("http://h/b/a%2Fb+c%20d.hprof")))
        .isEqualTo("a_b+c d.hprof");
    assertThat(Location.fileName(java.net.URI.create("http://h/b/?x=y"))).isEqualTo("dump");
    assertThat(Location.redacted(java.net.URI.create("https://h:9/b/k?X-Amz-Credential=c#f")))
        .isEqualTo("https://h:9/b/k");
  }

  private static List<Path> filesUnder(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(p -> !p.equals(dir)).toList();
    }
  }

  private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      exchange.getResponseBody().write(body);
    }
    exchange.close();
  }
}
