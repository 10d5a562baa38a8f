package io.heapcapture.analyzer.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes small HPROF files for tests, record by record. Heap dump sub-records go into a pending
 * body that {@link #heapDump(int)} wraps into a HEAP_DUMP (0x0C) or HEAP_DUMP_SEGMENT (0x1C)
 * record.
 */
public final class HprofBytes {
  public static final int OBJECT = 2;
  public static final int BOOLEAN = 4;
  public static final int CHAR = 5;
  public static final int FLOAT = 6;
  public static final int DOUBLE = 7;
  public static final int BYTE = 8;
  public static final int SHORT = 9;
  public static final int INT = 10;
  public static final int LONG = 11;

  private final int idSize;
  private final ByteArrayOutputStream file = new ByteArrayOutputStream();
  private final Body pending;

  public HprofBytes(int idSize) {
    this.idSize = idSize;
    this.pending = new Body(idSize);
    Body header = new Body(idSize);
    header.bytes("JAVA PROFILE 1.0.2".getBytes(StandardCharsets.US_ASCII)).u1(0);
    header.u4(idSize).u8(1_700_000_000_000L);
    file.writeBytes(header.toByteArray());
  }

  public int idSize() {
    return idSize;
  }

  /** A top-level record with any tag and body. */
  public HprofBytes record(int tag, byte[] body) {
    Body r = new Body(idSize).u1(tag).u4(0).u4(body.length).bytes(body);
    file.writeBytes(r.toByteArray());
    return this;
  }

  public HprofBytes utf8(long id, String text) {
    return record(
        0x01, new Body(idSize).id(id).bytes(text.getBytes(StandardCharsets.UTF_8)).toByteArray());
  }

  public HprofBytes loadClass(int serial, long classId, long nameId) {
    return record(0x02, new Body(idSize).u4(serial).id(classId).u4(0).id(nameId).toByteArray());
  }

  /** Declares a class by name: a UTF8 record (id {@code classId + 1}) and a LOAD_CLASS. */
  public HprofBytes className(long classId, String vmName) {
    return utf8(classId + 1, vmName).loadClass((int) classId, classId, classId + 1);
  }

  /** Wraps the pending sub-records into a HEAP_DUMP (0x0C) or HEAP_DUMP_SEGMENT (0x1C) record. */
  public HprofBytes heapDump(int tag) {
    record(tag, pending.toByteArray());
    pending.reset();
    return this;
  }

  public HprofBytes heapDumpEnd() {
    return record(0x2c, new byte[0]);
  }

  /** A GC root sub-record; {@code extra} are the bytes after the object id. */
  public HprofBytes root(int tag, long objectId, byte[] extra) {
    pending.u1(tag).id(objectId).bytes(extra);
    return this;
  }

  /**
   * A CLASS_DUMP. {@code statics} are (name id, type, value) triples; {@code fields} are (name id,
   * type) pairs.
   */
  public HprofBytes classDump(
      long classId,
      long superId,
      long loaderId,
      int instanceSize,
      long[][] statics,
      long[][] fields) {
    pending.u1(0x20).id(classId).u4(0).id(superId).id(loaderId).id(0).id(0).id(0).id(0);
    pending.u4(instanceSize).u2(0).u2(statics.length);
    for (long[] s : statics) {
      pending.id(s[0]).u1((int) s[1]);
      pending.value((int) s[1], s[2]);
    }
    pending.u2(fields.length);
    for (long[] f : fields) {
      pending.id(f[0]).u1((int) f[1]);
    }
    return this;
  }

  /** An INSTANCE_DUMP with field data built with {@link #values()}. */
  public HprofBytes instance(long id, long classId, Body fieldValues) {
    byte[] data = fieldValues.toByteArray();
    pending.u1(0x21).id(id).u4(0).id(classId).u4(data.length).bytes(data);
    return this;
  }

  public HprofBytes objectArray(long id, long arrayClassId, long... elements) {
    pending.u1(0x22).id(id).u4(0).u4(elements.length).id(arrayClassId);
    for (long e : elements) {
      pending.id(e);
    }
    return this;
  }

  /** A PRIM_ARRAY_DUMP of {@code length} zeros. */
  public HprofBytes primitiveArray(long id, int type, int length) {
    pending.u1(0x23).id(id).u4(0).u4(length).u1(type);
    pending.bytes(new byte[length * size(type)]);
    return this;
  }

  /** Raw bytes appended to the pending heap dump body (to write corrupt sub-records). */
  public HprofBytes rawSubRecord(byte[] bytes) {
    pending.bytes(bytes);
    return this;
  }

  /** A builder of field values for {@link #instance}, ids at this dump's id size. */
  public Body values() {
    return new Body(idSize);
  }

  public byte[] toByteArray() {
    return file.toByteArray();
  }

  int size(int type) {
    return switch (type) {
      case OBJECT -> idSize;
      case BOOLEAN, BYTE -> 1;
      case CHAR, SHORT -> 2;
      case FLOAT, INT -> 4;
      case DOUBLE, LONG -> 8;
      default -> throw new IllegalArgumentException("type " + type);
    };
  }

  /** Big-endian bytes. */
  public static final class Body {
    private final int idSize;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final DataOutputStream out = new DataOutputStream(bytes);

    Body(int idSize) {
      this.idSize = idSize;
    }

    public Body u1(int v) {
      return run(() -> out.writeByte(v));
    }

    public Body u2(int v) {
      return run(() -> out.writeShort(v));
    }

    public Body u4(long v) {
      return run(() -> out.writeInt((int) v));
    }

    public Body u8(long v) {
      return run(() -> out.writeLong(v));
    }

    public Body id(long v) {
      return idSize == 8 ? u8(v) : u4(v);
    }

    public Body bytes(byte[] b) {
      return run(() -> out.write(b));
    }

    /** A value of an HPROF basic type. */
    public Body value(int type, long v) {
      return switch (type) {
        case OBJECT -> id(v);
        case BOOLEAN, BYTE -> u1((int) v);
        case CHAR, SHORT -> u2((int) v);
        case FLOAT, INT -> u4(v);
        case DOUBLE, LONG -> u8(v);
        default -> this; // an invalid type code, written to test the reader: no value
      };
    }

    public byte[] toByteArray() {
      return bytes.toByteArray();
    }

    void reset() {
      bytes.reset();
    }

    private Body run(IoAction action) {
      try {
        action.run();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    private interface IoAction {
      void run() throws IOException;
    }
  }
}
