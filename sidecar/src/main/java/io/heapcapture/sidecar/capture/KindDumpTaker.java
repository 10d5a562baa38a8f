package io.heapcapture.sidecar.capture;

import io.heapcapture.sidecar.CaptureException;
import io.heapcapture.sidecar.api.CaptureRequest;
import io.heapcapture.sidecar.api.FailureReason;
import io.heapcapture.sidecar.dump.HeapDump;
import io.heapcapture.sidecar.process.TargetProcess;

/**
 * {@link DumpTaker} that hands each capture to the runtime its kind names: heap dumps to the JVM
 * taker, heap snapshots to the Node.js one. When the runtime's process is missing but one of the
 * other runtime matches, the failure tells the user which kind to ask for.
 */
public final class KindDumpTaker implements DumpTaker {
  private final DumpTaker jvms;
  private final DumpTaker nodes;

  public KindDumpTaker(DumpTaker jvms, DumpTaker nodes) {
    this.jvms = jvms;
    this.nodes = nodes;
  }

  @Override
  public TargetProcess select(CaptureRequest request) throws CaptureException {
    try {
      return takerFor(request).select(request);
    } catch (CaptureException e) {
      if (e.reason() != FailureReason.NO_JVM_FOUND || !otherRuntimeMatches(request)) {
        throw e;
      }
      String hint =
          request.kind().isJvm()
              ? "; a Node.js process matches: set spec.capture.kind: HeapSnapshot"
              : "; a JVM matches: set spec.capture.kind: HeapDumpLive or HeapDumpAll";
      throw new CaptureException(e.reason(), e.getMessage() + hint, e);
    }
  }

  @Override
  public HeapDump dump(TargetProcess process, CaptureRequest request) throws CaptureException {
    return takerFor(request).dump(process, request);
  }

  private DumpTaker takerFor(CaptureRequest request) {
    return request.kind().isJvm() ? jvms : nodes;
  }

  private boolean otherRuntimeMatches(CaptureRequest request) {
    DumpTaker other = request.kind().isJvm() ? nodes : jvms;
    try {
      other.select(request);
      return true;
    } catch (CaptureException e) {
      return e.reason() == FailureReason.MULTIPLE_JVMS;
    }
  }
}
