package io.heapcapture.analyzer.suspects;

import io.heapcapture.analyzer.graph.HeapClass;
import io.heapcapture.analyzer.graph.PathShapes;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The place of each shape in the program, as a 64-bit key that is the same in another dump of the
 * same program: what matches a shape of the later dump with the baseline's.
 *
 * <p>A place is named from the nearest <em>anchor</em> above it: an object of an application class,
 * or a class object (whose references are static fields). What lies above the anchor is left out.
 * That part is the least stable between two dumps: the same service object may be held by the main
 * thread's stack in one dump and only by a scheduled task's closure in the next, but its fields,
 * and the collections under them, are the same places. Below the anchor, the key covers the
 * reference names and classes of every step, so the entries of {@code OrderService.orders} and of
 * {@code OrderService.drafts} are different places. Names are made stable first ({@link
 * HeapClass#stableName}), and the key uses names only, never object ids.
 */
final class Places {
  private Places() {}

  /** The place key of every shape, indexed by shape. */
  static long[] of(PathShapes shapes) {
    long[] keys = new long[shapes.count()];
    Map<String, Long> hashes = new HashMap<>();
    for (int s = 0; s < shapes.count(); s++) {
      HeapClass c = shapes.heapClass(s);
      String className = HeapClass.stableName(c.name());
      long classHash =
          hashes.computeIfAbsent(
              className + '\0' + c.loader() + '\0' + shapes.classObject(s), Places::hash);
      int parent = shapes.parent(s);
      if (parent == PathShapes.NONE
          || shapes.classObject(s)
          || ClassRoles.isApplication(className)) {
        keys[s] = classHash;
      } else {
        long nameHash = hashes.computeIfAbsent("\0" + shapes.reference(s), Places::hash);
        keys[s] = mix(mix(keys[parent], nameHash), classHash);
      }
    }
    return keys;
  }

  /** FNV-1a over the UTF-8 bytes. */
  private static long hash(String text) {
    long h = 0xcbf29ce484222325L;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xff)) * 0x100000001b3L;
    }
    return h;
  }

  private static long mix(long a, long b) {
    long h = (a ^ Long.rotateLeft(b, 23)) * 0x9E3779B97F4A7C15L;
    return h ^ (h >>> 29);
  }
}
