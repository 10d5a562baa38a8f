package io.heapcapture.sidecar.capture;

import io.heapcapture.sidecar.CaptureException;
import io.heapcapture.sidecar.api.CaptureRequest;
import io.heapcapture.sidecar.dump.HeapDump;
import io.heapcapture.sidecar.process.JvmProcess;

/** Finds the requested JVM and has it write a dump. */
public interface DumpTaker {
  /** Picks the JVM the request means. */
  JvmProcess select(CaptureRequest request) throws CaptureException;

  /** Dumps its heap into the capture's file in the dump directory. */
  HeapDump dump(JvmProcess jvm, CaptureRequest request) throws CaptureException;
}
