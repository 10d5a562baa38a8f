package io.heapcapture.sidecar.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * A JVM for tests to attach to: holds a few objects, says {@value #READY}, and lives until its
 * parent closes its stdin (so it never outlives a crashed test run).
 */
public final class IdleJvm {
  /** The line printed once the JVM is up and its signal handlers are installed. */
  public static final String READY = "idle-jvm-ready";

  /** Kept reachable so a live dump has something of ours in it. */
  static final List<byte[]> RETAINED = new ArrayList<>();

  public static void main(String[] args) throws Exception {
    for (int i = 0; i < 64; i++) {
      RETAINED.add(new byte[16 * 1024]);
    }
    System.out.println(READY);
    System.out.flush();
    while (System.in.read() >= 0) {
      // Nothing to do: wait for end of input.
    }
  }
}
