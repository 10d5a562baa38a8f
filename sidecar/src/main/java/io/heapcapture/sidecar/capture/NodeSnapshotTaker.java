package io.heapcapture.sidecar.capture;

import io.heapcapture.sidecar.CaptureException;
import io.heapcapture.sidecar.api.CaptureRequest;
import io.heapcapture.sidecar.api.FailureReason;
import io.heapcapture.sidecar.dump.HeapDump;
import io.heapcapture.sidecar.dump.HeapSnapshotter;
import io.heapcapture.sidecar.process.NodeProcess;
import io.heapcapture.sidecar.process.NodeSelector;
import io.heapcapture.sidecar.process.TargetProcess;
import java.nio.file.Path;

/**
 * {@link DumpTaker} for Node.js heap snapshots by signal. The snapshot ends up in the capture's
 * file, where a JVM's dump would, so the upload treats both alike.
 */
public final class NodeSnapshotTaker implements DumpTaker {
  private final NodeSelector selector;
  private final HeapSnapshotter snapshotter;
  private final DumpFiles files;

  public NodeSnapshotTaker(NodeSelector selector, HeapSnapshotter snapshotter, DumpFiles files) {
    this.selector = selector;
    this.snapshotter = snapshotter;
    this.files = files;
  }

  @Override
  public NodeProcess select(CaptureRequest request) throws CaptureException {
    return selector.select(request.commandPattern(), request.containerId());
  }

  @Override
  public HeapDump dump(TargetProcess process, CaptureRequest request) throws CaptureException {
    if (!(process instanceof NodeProcess node)) {
      throw new CaptureException(
          FailureReason.BAD_REQUEST, "process " + process.pid() + " is not a Node.js process");
    }
    return snapshotter.snapshot(node, snapshotDir(node), files.asSidecarSeesIt(request.id(), node));
  }

  // With --diagnostic-dir on the dump volume (the setup for a read-only working directory) the
  // sidecar reaches the snapshot through its own mount, and moving it is a rename.
  private Path snapshotDir(NodeProcess node) {
    return node.options()
        .diagnosticDir()
        .map(Path::of)
        .filter(
            dir -> !files.insideTarget() && dir.normalize().equals(files.targetDir().normalize()))
        .map(dir -> files.sidecarDir())
        .orElseGet(node::snapshotDir);
  }
}
