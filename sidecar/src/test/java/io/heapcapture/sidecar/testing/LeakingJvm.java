package io.heapcapture.sidecar.testing;

import java.util.ArrayList;
import java.util.List;

/** A JVM that keeps everything it allocates until it runs out of memory. */
public final class LeakingJvm {
  static final List<long[]> RETAINED = new ArrayList<>();

  public static void main(String[] args) {
    while (true) {
      RETAINED.add(new long[64 * 1024]);
    }
  }
}
