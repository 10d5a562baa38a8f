package io.heapcapture.analyzer.hprof;

import java.io.IOException;

/**
 * Receives the records of an HPROF dump from {@link HprofReader#accept}, in file order. Every
 * method has an empty default: implement what you need. Where a method gets an {@link HprofData},
 * it may read the body of the (sub-)record from it, up to {@link HprofData#remaining()}; the reader
 * skips whatever is left unread, so ignoring a body costs nothing.
 */
public interface HprofVisitor {

  /** A UTF8 record: a string (class, field or method name) with its id, {@code length} bytes. */
  default void utf8(long id, int length, HprofData text) throws IOException {}

  /**
   * A LOAD_CLASS record: the class object id and the UTF8 id of its name ({@code
   * java/lang/String}).
   */
  default void loadClass(int classSerial, long classId, int stackTraceSerial, long nameId)
      throws IOException {}

  /** A GC root sub-record (the object id may be 0, e.g. for a thread attached through JNI). */
  default void gcRoot(GcRootKind kind, long objectId) throws IOException {}

  default void classDump(ClassDump classDump) throws IOException {}

  /**
   * An INSTANCE_DUMP: {@code fields} holds {@code dataLength} bytes of field values, those of the
   * class first, then those of its super class, and so on up to {@code java.lang.Object}.
   */
  default void instance(long objectId, long classId, int dataLength, HprofData fields)
      throws IOException {}

  /** An OBJ_ARRAY_DUMP: {@code elements} holds {@code length} ids (0 for null). */
  default void objectArray(long objectId, long arrayClassId, int length, HprofData elements)
      throws IOException {}

  /**
   * A PRIM_ARRAY_DUMP: {@code elements} holds {@code length} values of {@code elementType} (none
   * for Android's PRIMITIVE_ARRAY_NODATA).
   */
  default void primitiveArray(long objectId, BasicType elementType, int length, HprofData elements)
      throws IOException {}

  /** The HEAP_DUMP_END record, after the last heap dump segment. */
  default void heapDumpEnd() throws IOException {}

  /** Any other top-level record (stack traces, threads, ...), with its body. */
  default void otherRecord(int tag, long length, HprofData body) throws IOException {}
}
