package io.heapcapture.sidecar.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.heapcapture.sidecar.CaptureException;
import io.heapcapture.sidecar.api.CaptureKind;
import io.heapcapture.sidecar.api.CaptureRequest;
import io.heapcapture.sidecar.api.FailureReason;
import io.heapcapture.sidecar.attach.AttachClient;
import io.heapcapture.sidecar.dump.HeapDump;
import io.heapcapture.sidecar.dump.HeapDumper;
import io.heapcapture.sidecar.dump.HeapSnapshotter;
import io.heapcapture.sidecar.process.JvmSelector;
import io.heapcapture.sidecar.process.KillProgram;
import io.heapcapture.sidecar.process.NodeSelector;
import io.heapcapture.sidecar.process.ProcessTable;
import io.heapcapture.sidecar.process.TargetProcess;
import io.heapcapture.sidecar.testing.ChildNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Heap snapshots of real Node.js processes (this machine's {@code node}), taken through the same
 * {@link DumpTaker} the capture registry uses.
 */
class NodeSnapshotRealNodeTest {
  private static final String SIGNAL_FLAG = "--heapsnapshot-signal=SIGUSR2";

  @TempDir Path dumps;
  @TempDir Path appDir;

  final ProcessTable processes = new ProcessTable();

  DumpTaker taker(DumpFiles files) {
    return new KindDumpTaker(
        new JvmDumpTaker(new JvmSelector(processes), new HeapDumper(new AttachClient()), files),
        new NodeSnapshotTaker(
            new NodeSelector(processes), new HeapSnapshotter(KillProgram.standard()), files));
  }

  @Test
  void snapshotsAScriptStartedWithTheFlagInNodeOptions() throws Exception {
    // The working directory on another file system than the dump volume, as in a pod: the
    // snapshot is copied, then deleted beside the application.
    Path ownFileSystem = Files.createTempDirectory(Path.of("/dev/shm"), "node-app-");
    assertThat(Files.getFileStore(ownFileSystem)).isNotEqualTo(Files.getFileStore(dumps));
    DumpTaker taker = taker(DumpFiles.sharedVolume(dumps, dumps));
    try (ChildNode node =
        ChildNode.start(ownFileSystem, List.of(), Map.of("NODE_OPTIONS", SIGNAL_FLAG), "idle.js")) {
      CaptureRequest request = request("idle-1", node);

      TargetProcess target = taker.select(request);
      HeapDump dump = taker.dump(target, request);

      assertThat(target.pid()).isEqualTo(node.pid());
      assertThat(dump.file()).isEqualTo(dumps.resolve("idle-1.hprof"));
      assertThat(dump.bytes()).isEqualTo(Files.size(dump.file())).isPositive();
      assertThat(dump.pause().isNegative()).isFalse();
      JsonNode snapshot = readSnapshot(dump.file());
      assertThat(snapshot.path("strings").toString()).contains(node.marker());
      assertThat(heapSnapshotsIn(ownFileSystem)).isEmpty(); // nothing piles up beside the app
      assertThat(node.isAlive()).isTrue();
    } finally {
      try (Stream<Path> left = Files.list(ownFileSystem)) {
        left.forEach(file -> file.toFile().delete());
      }
      Files.delete(ownFileSystem);
    }
  }

  @Test
  void snapshotsAnExpressApplicationIntoTheDumpVolumeAsDiagnosticDir() throws Exception {
    // The documented setup for a read-only working directory: Node writes into the dump volume
    // (here seen at the same path by both), and the sidecar renames the file there.
    DumpTaker taker = taker(DumpFiles.sharedVolume(dumps, dumps));
    try (ChildNode express =
        ChildNode.start(
            appDir,
            List.of(SIGNAL_FLAG, "--diagnostic-dir=" + dumps),
            Map.of(),
            "express-app.js")) {
      String base = "http://127.0.0.1:" + express.readyLine().split(" ")[1];
      HttpClient http = HttpClient.newHttpClient();
      for (int i = 0; i < 20; i++) {
        HttpResponse<String> placed =
            http.send(
                HttpRequest.newBuilder(URI.create(base + "/orders"))
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"lines\":[\"sku-" + express.marker() + "\"]}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(placed.statusCode()).isEqualTo(201);
      }
      CaptureRequest request = request("express-1", express);

      HeapDump dump = taker.dump(taker.select(request), request);

      JsonNode snapshot = readSnapshot(dump.file());
      assertThat(snapshot.path("snapshot").path("node_count").asLong()).isPositive();
      String strings = snapshot.path("strings").toString();
      assertThat(strings).contains("sku-" + express.marker(), "placedOrders");
      try (Stream<Path> left = Files.list(dumps)) {
        assertThat(left).containsExactly(dumps.resolve("express-1.hprof"));
      }
      HttpResponse<String> count =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/orders/count")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(count.body()).isEqualTo("{\"count\":20}"); // still serving, same process
    }
  }

  @Test
  void refusesANodeWithoutTheFlagAndLeavesItRunning() throws Exception {
    DumpTaker taker = taker(DumpFiles.sharedVolume(dumps, dumps));
    try (ChildNode node = ChildNode.start(appDir, List.of(), Map.of(), "idle.js")) {
      CaptureRequest request = request("plain-1", node);

      CaptureException e =
          catchThrowableOfType(
              CaptureException.class, () -> taker.dump(taker.select(request), request));

      assertThat(e.reason()).isEqualTo(FailureReason.DUMP_FAILED);
      assertThat(e.getMessage())
          .isEqualTo(
              "process "
                  + node.pid()
                  + " does not handle SIGUSR2 (start node with --heapsnapshot-signal=SIGUSR2);"
                  + " signalling it would kill it");
      Thread.sleep(200); // had it been signalled, it would be dead by now
      assertThat(node.isAlive()).isTrue();
      assertThat(dumps).isEmptyDirectory();
    }
  }

  @Test
  void aHeapDumpRequestForANodeProcessSaysToAskForASnapshot() throws Exception {
    DumpTaker taker = taker(DumpFiles.sharedVolume(dumps, dumps));
    try (ChildNode node = ChildNode.start(appDir, List.of(SIGNAL_FLAG), Map.of(), "idle.js")) {
      CaptureRequest request =
          new CaptureRequest("jvm-1", "app", null, node.marker(), CaptureKind.HEAP_DUMP_LIVE);

      CaptureException e =
          catchThrowableOfType(CaptureException.class, () -> taker.select(request));

      assertThat(e.reason()).isEqualTo(FailureReason.NO_JVM_FOUND);
      assertThat(e.getMessage()).contains("set spec.capture.kind: HeapSnapshot");
    }
  }

  private static CaptureRequest request(String id, ChildNode node) {
    return new CaptureRequest(id, "app", null, node.marker(), CaptureKind.HEAP_SNAPSHOT);
  }

  private static JsonNode readSnapshot(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      assertThat(new String(in.readNBytes(11), StandardCharsets.US_ASCII))
          .isEqualTo("{\"snapshot\"");
    }
    return new ObjectMapper().readTree(file.toFile());
  }

  private static List<Path> heapSnapshotsIn(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".heapsnapshot")).toList();
    }
  }
}
