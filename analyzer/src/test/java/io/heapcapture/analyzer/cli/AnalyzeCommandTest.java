package io.heapcapture.analyzer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.heapcapture.analyzer.testing.SampleHprof;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalyzeCommandTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return AnalyzeCommand.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void analysesADumpAndWritesBothReports(@TempDir Path dir) throws Exception {
    Path dump = Files.write(dir.resolve("sample.bin"), SampleHprof.bytes(8, true));
    Path json = dir.resolve("report.json");
    Path md = dir.resolve("report.md");

    int exit = run(dump.toString(), "--json", json.toString(), "--markdown", md.toString());

    assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("sample.bin: ").contains("objects");
    JsonNode report = new ObjectMapper().readTree(json.toFile());
    assertThat(report.get("schema").asText()).isEqualTo("heapcapture.io/analysis-report/v1");
    assertThat(report.get("heap").get("format").asText()).isEqualTo("HPROF");
    assertThat(report.get("heap").get("objects").asLong()).isPositive();
    assertThat(Files.readString(md)).startsWith("# Heap analysis");
    assertThat(err.toString(StandardCharsets.UTF_8)).as("progress").contains("dominators");
  }

  @Test
  void baselineAddsTheDiff(@TempDir Path dir) throws Exception {
    Path dump = Files.write(dir.resolve("now.hprof"), SampleHprof.bytes(8, true));
    Path before = Files.write(dir.resolve("before.hprof"), SampleHprof.bytes(8, false));
    Path json = dir.resolve("report.json");

    assertThat(
            run(
                "--quiet",
                dump.toString(),
                "--baseline",
                before.toString(),
                "--json",
                json.toString()))
        .isZero();

    JsonNode report = new ObjectMapper().readTree(json.toFile());
    assertThat(report.get("baseline").asText()).isEqualTo("before.hprof");
    assertThat(report.get("diff").get("classes").isArray()).isTrue();
    assertThat(err.size()).as("--quiet").isZero();
  }

  @Test
  void foreignFileIsAClearErrorNotACrash(@TempDir Path dir) throws Exception {
    Path png =
        Files.write(
            dir.resolve("dump.hprof"),
            new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0});

    assertThat(run("--quiet", png.toString())).isEqualTo(AnalyzeCommand.EXIT_BAD_INPUT);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("analyze: ")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
  }

  @Test
  void truncatedDumpIsAClearError(@TempDir Path dir) throws Exception {
    byte[] whole = SampleHprof.bytes(8, true);
    Path cut =
        Files.write(dir.resolve("cut.hprof"), java.util.Arrays.copyOf(whole, whole.length / 2));

    assertThat(run("--quiet", cut.toString())).isEqualTo(AnalyzeCommand.EXIT_BAD_INPUT);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("byte offset");
  }
}
