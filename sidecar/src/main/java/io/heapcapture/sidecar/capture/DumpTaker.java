package io.heapcapture.sidecar.capture;

import io.heapcapture.sidecar.CaptureException;
import io.heapcapture.sidecar.api.CaptureRequest;
import io.heapcapture.sidecar.dump.HeapDump;
import io.heapcapture.sidecar.process.TargetProcess;

/** Finds the requested process and has it write a dump. */
public interface DumpTaker {
  /** Picks the process the request means. */
  TargetProcess select(CaptureRequest request) throws CaptureException;

  /** Dumps its heap into the capture's file in the dump directory. */
  HeapDump dump(TargetProcess process, CaptureRequest request) throws CaptureException;
}
