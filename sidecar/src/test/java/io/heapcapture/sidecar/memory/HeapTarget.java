package io.heapcapture.sidecar.memory;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A JVM whose heap tests grow on command: {@code grow <MiB>} keeps that much more reachable, {@code
 * gc} collects; each is answered with {@value #DONE} after a collection, so the collector has
 * published its figures. Exits at end of input, so it never outlives the test.
 */
public final class HeapTarget {
  static final String READY = "heap-target-ready";
  static final String DONE = "done";

  // Small arrays: they go to the young generation, as most allocations do, not straight to old.
  private static final int CHUNK = 64 * 1024;
  private static final List<byte[]> RETAINED = new ArrayList<>();

  public static void main(String[] args) throws Exception {
    System.gc();
    System.out.println(READY);
    System.out.flush();
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      if (line.startsWith("grow ")) {
        long chunks = Long.parseLong(line.substring(5).trim()) * 1024 * 1024 / CHUNK;
        for (long i = 0; i < chunks; i++) {
          RETAINED.add(new byte[CHUNK]);
        }
      }
      System.gc();
      System.out.println(DONE);
      System.out.flush();
    }
  }
}
