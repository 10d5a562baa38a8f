package io.heapcapture.analyzer.testing;

import static io.heapcapture.analyzer.testing.HprofBytes.BYTE;
import static io.heapcapture.analyzer.testing.HprofBytes.INT;
import static io.heapcapture.analyzer.testing.HprofBytes.LONG;
import static io.heapcapture.analyzer.testing.HprofBytes.OBJECT;

/**
 * A small, fully known heap as HPROF bytes, at id size 4 or 8, in segments (0x1C + HEAP_DUMP_END)
 * or in one HEAP_DUMP (0x0C) record.
 *
 * <pre>
 * classes  java.lang.Object, java.lang.Class {name}, java.lang.ClassLoader {parent},
 *          com.example.MyLoader extends ClassLoader,
 *          com.example.Node {int value; Node next} defined by the MyLoader instance,
 *          com.example.Node {int value} of the boot loader (same name, other loader),
 *          com.example.Special extends Node(MyLoader) {long big; Object extra}, static cache,
 *          com.example.Node[] (MyLoader), int[][]
 * objects  loader: MyLoader; nodes A -> B -> C (next); special {extra=A, next=B};
 *          bootNode; nodes[] = {A, null, special} (= Special.cache); matrix int[][] = {ints};
 *          ints int[3]; bytes byte[10]; longs long[2]
 * roots    sticky class Special, java frame C, JNI global loader, unknown bootNode, and a JNI
 *          global to an object the dump does not hold
 * </pre>
 */
public final class SampleHprof {
  public static final long OBJECT_CLASS = 0x100;
  public static final long CLASS_CLASS = 0x110;
  public static final long LOADER_CLASS = 0x120;
  public static final long MY_LOADER_CLASS = 0x130;
  public static final long NODE_CLASS = 0x140;
  public static final long BOOT_NODE_CLASS = 0x150;
  public static final long SPECIAL_CLASS = 0x160;
  public static final long NODE_ARRAY_CLASS = 0x170;
  public static final long INT_MATRIX_CLASS = 0x180;

  public static final long LOADER = 0x9000;
  public static final long NODE_A = 0xA000;
  public static final long NODE_B = 0xA010;
  public static final long NODE_C = 0xA020;
  public static final long SPECIAL = 0xB000;
  public static final long BOOT_NODE = 0xC000;
  public static final long NODES = 0x7000;
  public static final long MATRIX = 0x7100;
  public static final long INTS = 0x7200;
  public static final long BYTES = 0x7300;
  public static final long LONGS = 0x7400;
  public static final long MISSING = 0xDEAD0;

  public static final int CLASSES = 9;
  public static final int OBJECTS = CLASSES + 6 + 2 + 3;

  static final long NAME = 0x1001;
  static final long PARENT = 0x1002;
  static final long VALUE = 0x1003;
  static final long NEXT = 0x1004;
  static final long BIG = 0x1005;
  static final long EXTRA = 0x1006;
  static final long CACHE = 0x1007;

  private SampleHprof() {}

  public static byte[] bytes(int idSize, boolean segmented) {
    HprofBytes h = new HprofBytes(idSize);
    h.utf8(NAME, "name").utf8(PARENT, "parent").utf8(VALUE, "value").utf8(NEXT, "next");
    h.utf8(BIG, "big").utf8(EXTRA, "extra").utf8(CACHE, "cache");
    h.className(OBJECT_CLASS, "java/lang/Object");
    h.className(CLASS_CLASS, "java/lang/Class");
    h.className(LOADER_CLASS, "java/lang/ClassLoader");
    h.className(MY_LOADER_CLASS, "com/example/MyLoader");
    h.className(NODE_CLASS, "com/example/Node");
    h.className(BOOT_NODE_CLASS, "com/example/Node");
    h.className(SPECIAL_CLASS, "com/example/Special");
    h.className(NODE_ARRAY_CLASS, "[Lcom/example/Node;");
    h.className(INT_MATRIX_CLASS, "[[I");
    h.record(0x99, new byte[] {1, 2, 3, 4, 5}); // unknown to the reader: skipped by length
    long[][] none = new long[0][];
    h.classDump(OBJECT_CLASS, 0, 0, 0, none, none);
    h.classDump(CLASS_CLASS, OBJECT_CLASS, 0, idSize, none, new long[][] {{NAME, OBJECT}});
    h.classDump(LOADER_CLASS, OBJECT_CLASS, 0, idSize, none, new long[][] {{PARENT, OBJECT}});
    h.classDump(MY_LOADER_CLASS, LOADER_CLASS, 0, 0, none, none);
    h.classDump(
        NODE_CLASS,
        OBJECT_CLASS,
        LOADER,
        4 + idSize,
        none,
        new long[][] {{VALUE, INT}, {NEXT, OBJECT}});
    h.classDump(BOOT_NODE_CLASS, OBJECT_CLASS, 0, 4, none, new long[][] {{VALUE, INT}});
    h.classDump(
        SPECIAL_CLASS,
        NODE_CLASS,
        LOADER,
        8 + idSize,
        new long[][] {{CACHE, OBJECT, NODES}},
        new long[][] {{BIG, LONG}, {EXTRA, OBJECT}});
    if (segmented) { // a segment boundary between class dumps and objects, as HotSpot writes them
      h.heapDump(0x1c);
    }
    h.classDump(NODE_ARRAY_CLASS, OBJECT_CLASS, LOADER, 0, none, none);
    h.classDump(INT_MATRIX_CLASS, OBJECT_CLASS, 0, 0, none, none);
    h.root(0x05, SPECIAL_CLASS, new byte[0]);
    h.root(0x03, NODE_C, new byte[8]);
    h.root(0x01, LOADER, new HprofBytes.Body(idSize).id(0x42).toByteArray());
    h.root(0xff, BOOT_NODE, new byte[0]);
    h.root(0x01, MISSING, new HprofBytes.Body(idSize).id(0x43).toByteArray());
    h.instance(LOADER, MY_LOADER_CLASS, h.values().id(0));
    h.instance(NODE_A, NODE_CLASS, h.values().u4(1).id(NODE_B));
    h.instance(NODE_B, NODE_CLASS, h.values().u4(2).id(NODE_C));
    h.instance(NODE_C, NODE_CLASS, h.values().u4(3).id(0));
    h.instance(SPECIAL, SPECIAL_CLASS, h.values().u8(1L << 40).id(NODE_A).u4(4).id(NODE_B));
    h.instance(BOOT_NODE, BOOT_NODE_CLASS, h.values().u4(5));
    h.objectArray(NODES, NODE_ARRAY_CLASS, NODE_A, 0, SPECIAL);
    h.objectArray(MATRIX, INT_MATRIX_CLASS, INTS);
    h.primitiveArray(INTS, INT, 3);
    h.primitiveArray(BYTES, BYTE, 10);
    h.primitiveArray(LONGS, LONG, 2);
    if (segmented) {
      h.heapDump(0x1c).heapDumpEnd();
    } else {
      h.heapDump(0x0c);
    }
    return h.toByteArray();
  }
}
