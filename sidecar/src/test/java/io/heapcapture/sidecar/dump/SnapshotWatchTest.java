package io.heapcapture.sidecar.dump;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotWatchTest {
  static final long PID = 42;

  @TempDir Path dir;
  @TempDir Path fds;

  @BeforeEach
  void fdsOfANodeProcess() throws IOException {
    Files.createSymbolicLink(fds.resolve("0"), Path.of("pipe:[2327100]"));
    Files.createSymbolicLink(fds.resolve("3"), Path.of("anon_inode:[eventpoll]"));
  }

  @Test
  void recognisesTheProcessesOwnSnapshotNames() {
    assertThat(SnapshotWatch.isSnapshotOf("Heap.20261130.001701.42.0.001.heapsnapshot", PID))
        .isTrue();
    assertThat(SnapshotWatch.isSnapshotOf("Heap.20261130.001701.421.0.001.heapsnapshot", PID))
        .isFalse();
    assertThat(SnapshotWatch.isSnapshotOf("Heap.20261130.001701.42.0.001.heapsnapshot.tmp", PID))
        .isFalse();
    assertThat(SnapshotWatch.isSnapshotOf("app.heapsnapshot", PID)).isFalse();
  }

  @Test
  void takesOnlyASnapshotThatAppearedAfterTheStart() throws IOException {
    write("Heap.20261130.001701.42.0.001.heapsnapshot", "{\"snapshot\" earlier");
    write("Heap.20261130.001702.77.0.001.heapsnapshot", "{\"snapshot\" another process");
    SnapshotWatch watch = SnapshotWatch.start(dir, PID, fds);

    assertThat(watch.appeared()).isEmpty();

    write("Heap.20261130.001710.77.0.002.heapsnapshot", "another process again");
    assertThat(watch.appeared()).isEmpty();

    Path ours = write("Heap.20261130.001711.42.0.002.heapsnapshot", "{");
    assertThat(watch.appeared()).contains(ours);
  }

  @Test
  void theNewestOfSeveralNewSnapshotsWins() throws IOException {
    SnapshotWatch watch = SnapshotWatch.start(dir, PID, fds);
    write("Heap.20261130.001711.42.0.002.heapsnapshot", "{");
    Path newer = write("Heap.20261130.001711.42.0.003.heapsnapshot", "{");

    assertThat(watch.appeared()).contains(newer);
  }

  @Test
  void completeOnlyOnceClosedAndOfStableSize() throws IOException {
    SnapshotWatch watch = SnapshotWatch.start(dir, PID, fds);
    Path snapshot = write("Heap.20261130.001711.42.0.002.heapsnapshot", "{\"snapshot\":");
    // Node holds it open while writing; the link names the file as Node sees it.
    Path open =
        Files.createSymbolicLink(fds.resolve("21"), Path.of("/app/" + snapshot.getFileName()));

    assertThat(watch.complete(snapshot)).isFalse(); // first look: no size to compare yet
    assertThat(watch.complete(snapshot)).isFalse(); // stable, but still open

    Files.writeString(snapshot, "{\"snapshot\":{}}");
    Files.delete(open);
    assertThat(watch.complete(snapshot)).isFalse(); // closed, but grew since the last look
    assertThat(watch.complete(snapshot)).isTrue();
  }

  @Test
  void anEmptyFileIsNeverComplete() throws IOException {
    SnapshotWatch watch = SnapshotWatch.start(dir, PID, fds);
    Path snapshot = write("Heap.20261130.001711.42.0.002.heapsnapshot", "");

    assertThat(watch.complete(snapshot)).isFalse();
    assertThat(watch.complete(snapshot)).isFalse();
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }
}
