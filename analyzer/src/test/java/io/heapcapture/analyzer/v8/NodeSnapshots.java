package io.heapcapture.analyzer.v8;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Real heap snapshots, written by the local {@code node} with {@code v8.writeHeapSnapshot}. */
final class NodeSnapshots {
  /** 1234 Chocolates, each with a sugar array of 10, held by the global array {@code box}. */
  static final String CHOCOLATES =
      """
      class Chocolate { constructor() { this.sugar = new Array(10).fill(0); } }
      globalThis.box = [];
      for (let i = 0; i < 1234; i++) globalThis.box.push(new Chocolate());
      """;

  private NodeSnapshots() {}

  /**
   * Runs {@code script} in a fresh node process, then writes its heap snapshot into {@code dir}.
   * Skips the calling test when node is not installed.
   */
  static Path write(Path dir, String script) throws IOException, InterruptedException {
    assumeTrue(nodeAvailable(), "node is not installed");
    Path js = Files.createTempFile(dir, "heap", ".js");
    Path snapshot = dir.resolve(js.getFileName() + ".heapsnapshot");
    Files.writeString(js, script + "\nrequire('v8').writeHeapSnapshot(process.argv[2]);\n");
    Process node =
        new ProcessBuilder("node", js.toString(), snapshot.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve(js.getFileName() + ".log").toFile())
            .start();
    assertThat(node.waitFor(120, TimeUnit.SECONDS)).as("node finished").isTrue();
    assertThat(node.exitValue())
        .as("node exit code, log: %s", Files.readString(dir.resolve(js.getFileName() + ".log")))
        .isZero();
    return snapshot;
  }

  static boolean nodeAvailable() {
    try {
      Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
