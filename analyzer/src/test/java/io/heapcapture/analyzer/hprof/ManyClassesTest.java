package io.heapcapture.analyzer.hprof;

import static org.assertj.core.api.Assertions.assertThat;

import io.heapcapture.analyzer.graph.HeapClass;
import io.heapcapture.analyzer.graph.HeapGraph;
import io.heapcapture.analyzer.histogram.ClassHistogram;
import io.heapcapture.analyzer.testing.HprofBytes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Dumps with more classes than the class table's first capacity (1,024): the table grows while a
 * LOAD_CLASS or a CLASS_DUMP gives a class its slot, and the slot must land in the grown arrays.
 */
class ManyClassesTest {
  private static final int CLASSES = 5_000;

  @Test
  void loadClassBeyondTheFirstCapacityKeepsEveryName() throws IOException {
    HprofClassTable table = new HprofClassTable(ObjectLayout.forIdSize(8));
    for (int i = 0; i < CLASSES; i++) {
      byte[] name = ("com/example/C" + i).getBytes();
      table.utf8(nameId(i), name.length, new HprofData(new ByteArrayInputStream(name)));
      table.loadClass(classId(i), nameId(i));
    }
    assertThat(table.slotCount()).isEqualTo(CLASSES);
    for (int i = 0; i < CLASSES; i++) {
      assertThat(table.name(table.slotOrMissing(classId(i)))).isEqualTo("com.example.C" + i);
    }
  }

  @Test
  void classDumpOfANewClassBeyondTheFirstCapacityIsKept() {
    HprofClassTable table = new HprofClassTable(ObjectLayout.forIdSize(8));
    for (int i = 0; i < CLASSES; i++) { // no LOAD_CLASS first: the CLASS_DUMP gives the slot
      table.classDump(new ClassDump(classId(i), 0, 0, 0, List.of(), List.of()));
    }
    for (int i = 0; i < CLASSES; i++) {
      assertThat(table.classDump(table.slotOrMissing(classId(i))).classId()).isEqualTo(classId(i));
    }
  }

  /** A whole dump with 5,000 classes, each with 2 instances, read by both passes. */
  @Test
  void aDumpWithThousandsOfClassesOpens() throws IOException {
    HprofBytes dump = new HprofBytes(8);
    for (int i = 0; i < CLASSES; i++) {
      dump.utf8(nameId(i), "com/example/C" + i).loadClass(i + 1, classId(i), nameId(i));
    }
    for (int i = 0; i < CLASSES; i++) {
      dump.classDump(classId(i), 0, 0, 4, new long[0][], new long[][] {{7, HprofBytes.INT}});
    }
    dump.utf8(7, "value");
    for (int i = 0; i < CLASSES; i++) {
      dump.instance(objectId(i, 0), classId(i), dump.values().u4(i));
      dump.instance(objectId(i, 1), classId(i), dump.values().u4(i));
    }
    byte[] bytes = dump.heapDump(0x1c).heapDumpEnd().toByteArray();

    ClassHistogram histogram =
        ClassHistogram.read(new ByteArrayInputStream(bytes), ObjectLayout.forIdSize(8));
    for (int i = 0; i < CLASSES; i += 97) {
      assertThat(histogram.entry(new HeapClass("com.example.C" + i, "")).orElseThrow().instances())
          .isEqualTo(2);
    }
    assertThat(histogram.totalInstances()).isEqualTo(3L * CLASSES); // instances + class objects

    HeapGraph graph = HprofGraphLoader.load(() -> new ByteArrayInputStream(bytes));
    assertThat(graph.nodeCount()).isEqualTo(3 * CLASSES);
    assertThat(graph.classes()).contains(new HeapClass("com.example.C4999", ""));
  }

  private static long classId(int i) {
    return 0x1000_0000L + 16L * i;
  }

  private static long nameId(int i) {
    return 0x2000_0000L + 8L * i;
  }

  private static long objectId(int i, int n) {
    return 0x4000_0000L + 32L * i + 16L * n;
  }
}
