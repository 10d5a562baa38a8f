package io.heapcapture.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.heapcapture.analyzer.cli.AnalyzeCommand;
import io.heapcapture.e2e.cluster.LocalS3;
import io.heapcapture.e2e.pod.Artifacts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * The analyzer jar, as a process, with presigned URLs only: it reads a real dump from a real S3
 * server that checks signatures and puts both reports back, with the content types the URLs were
 * signed for.
 */
class AnalyzerUrlsIT {
  private static final String BUCKET = "analysis";
  private static LocalS3 s3;
  private static Presigned presigned;

  @BeforeAll
  static void startS3() {
    s3 = LocalS3.start();
    s3.createBucket(BUCKET);
    presigned = new Presigned(s3);
  }

  @AfterAll
  static void stopS3() {
    if (presigned != null) {
      presigned.close();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  @Test
  void analysesADumpFromAPresignedUrlAndPutsTheReports(@TempDir Path dir) throws Exception {
    Path dump = SmallDump.zstd(dir, "pod-abc.hprof.zst");
    s3.client()
        .putObject(b -> b.bucket(BUCKET).key("shop/pod-abc.hprof.zst"), RequestBody.fromFile(dump));
    Path workDir = Files.createDirectories(dir.resolve("work"));
    Path log = dir.resolve("analyzer.log");

    Process analyzer =
        new ProcessBuilder(
                Artifacts.java().toString(),
                "-Xmx256m",
                "-jar",
                Artifacts.analyzerJar().toString(),
                presigned.get(BUCKET, "shop/pod-abc.hprof.zst"),
                "--json",
                presigned.put(BUCKET, "shop/pod-abc.report.json", AnalyzeCommand.JSON_CONTENT_TYPE),
                "--markdown",
                presigned.put(
                    BUCKET, "shop/pod-abc.report.md", AnalyzeCommand.MARKDOWN_CONTENT_TYPE),
                "--work-dir",
                workDir.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    assertThat(analyzer.waitFor(120, TimeUnit.SECONDS)).as("analyzer finished").isTrue();

    String output = Files.readString(log);
    assertThat(analyzer.exitValue()).as(output).isZero();
    assertThat(output)
        .contains("downloading pod-abc.hprof.zst")
        .startsWith("  downloading")
        .doesNotContain("X-Amz-Signature");
    ResponseBytes<GetObjectResponse> json =
        s3.client().getObjectAsBytes(b -> b.bucket(BUCKET).key("shop/pod-abc.report.json"));
    ResponseBytes<GetObjectResponse> markdown =
        s3.client().getObjectAsBytes(b -> b.bucket(BUCKET).key("shop/pod-abc.report.md"));
    assertThat(json.response().contentType()).isEqualTo(AnalyzeCommand.JSON_CONTENT_TYPE);
    assertThat(markdown.response().contentType()).isEqualTo(AnalyzeCommand.MARKDOWN_CONTENT_TYPE);
    JsonNode report = new ObjectMapper().readTree(json.asByteArray());
    assertThat(report.get("schema").asText()).isEqualTo("heapcapture.io/analysis-report/v1");
    assertThat(report.get("dump").asText()).isEqualTo("pod-abc.hprof.zst");
    assertThat(report.get("heap").get("objects").asLong()).isPositive();
    assertThat(markdown.asString(StandardCharsets.UTF_8)).startsWith("# Heap analysis");
    try (Stream<Path> left = Files.list(workDir)) {
      assertThat(left).as("downloads deleted").isEmpty();
    }
  }

  @Test
  void aReportUrlSignedForAnotherContentTypeIsRefused(@TempDir Path dir) throws Exception {
    Path dump = SmallDump.zstd(dir, "pod-def.hprof.zst");
    s3.client()
        .putObject(b -> b.bucket(BUCKET).key("shop/pod-def.hprof.zst"), RequestBody.fromFile(dump));
    String wrongType = presigned.put(BUCKET, "shop/pod-def.report.json", "text/plain");

    Process analyzer =
        new ProcessBuilder(
                Artifacts.java().toString(),
                "-Xmx256m",
                "-jar",
                Artifacts.analyzerJar().toString(),
                "--quiet",
                presigned.get(BUCKET, "shop/pod-def.hprof.zst"),
                "--json",
                wrongType,
                "--work-dir",
                dir.resolve("work").toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(analyzer.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(analyzer.waitFor(120, TimeUnit.SECONDS)).isTrue();

    assertThat(analyzer.exitValue()).as(output).isEqualTo(3);
    assertThat(output)
        .contains(
            "analyze: PUT " + s3.endpoint() + "/" + BUCKET + "/shop/pod-def.report.json: HTTP 403")
        .doesNotContain("X-Amz-");
  }
}
