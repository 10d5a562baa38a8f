package io.heapcapture.sidecar.capture;

import io.heapcapture.sidecar.CaptureException;
import io.heapcapture.sidecar.api.CaptureRequest;
import io.heapcapture.sidecar.api.FailureReason;
import io.heapcapture.sidecar.dump.HeapDump;
import io.heapcapture.sidecar.dump.HeapDumper;
import io.heapcapture.sidecar.process.JvmProcess;
import io.heapcapture.sidecar.process.JvmSelector;
import io.heapcapture.sidecar.process.TargetProcess;

/**
 * {@link DumpTaker} over the attach protocol. The dump directory is one volume mounted in both
 * containers, possibly at different paths: the JVM is told its own path, the sidecar reads its.
 */
public final class JvmDumpTaker implements DumpTaker {
  private final JvmSelector selector;
  private final HeapDumper dumper;
  private final DumpFiles files;

  public JvmDumpTaker(JvmSelector selector, HeapDumper dumper, DumpFiles files) {
    this.selector = selector;
    this.dumper = dumper;
    this.files = files;
  }

  @Override
  public JvmProcess select(CaptureRequest request) throws CaptureException {
    return selector.select(request.commandPattern(), request.containerId());
  }

  @Override
  public HeapDump dump(TargetProcess process, CaptureRequest request) throws CaptureException {
    if (!(process instanceof JvmProcess jvm)) {
      throw new CaptureException(
          FailureReason.BAD_REQUEST, "process " + process.pid() + " is not a JVM");
    }
    return dumper.dump(
        jvm,
        request.kind(),
        files.asTargetSeesIt(request.id()),
        files.asSidecarSeesIt(request.id(), jvm));
  }
}
