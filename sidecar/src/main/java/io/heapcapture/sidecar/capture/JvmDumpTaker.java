package io.heapcapture.sidecar.capture;

import io.heapcapture.sidecar.CaptureException;
import io.heapcapture.sidecar.api.CaptureRequest;
import io.heapcapture.sidecar.dump.HeapDump;
import io.heapcapture.sidecar.dump.HeapDumper;
import io.heapcapture.sidecar.process.JvmProcess;
import io.heapcapture.sidecar.process.JvmSelector;

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
  public HeapDump dump(JvmProcess jvm, CaptureRequest request) throws CaptureException {
    return dumper.dump(
        jvm,
        request.kind(),
        files.asTargetSeesIt(request.id()),
        files.asSidecarSeesIt(request.id(), jvm));
  }
}
