package io.heapcapture.analyzer.hprof;

import io.heapcapture.analyzer.input.MalformedDumpException;
import io.heapcapture.analyzer.input.UnsupportedDumpException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * A streaming HPROF reader: one pass over the records, handed to an {@link HprofVisitor}, with
 * memory that does not depend on the dump's size. Reads the header on {@link #open}; {@link
 * #accept} then reads the records to the end of the stream. Truncated or corrupt input fails with a
 * {@link MalformedDumpException} naming the byte offset; no length field is trusted beyond the
 * record that contains it.
 */
public final class HprofReader {
  private static final String MAGIC = "JAVA PROFILE 1.0.";
  private static final long PROGRESS_STEP = 4 << 20;

  static final int UTF8 = 0x01;
  static final int LOAD_CLASS = 0x02;
  static final int HEAP_DUMP = 0x0c;
  static final int HEAP_DUMP_SEGMENT = 0x1c;
  static final int HEAP_DUMP_END = 0x2c;
  static final int CLASS_DUMP = 0x20;
  static final int INSTANCE_DUMP = 0x21;
  static final int OBJ_ARRAY_DUMP = 0x22;
  static final int PRIM_ARRAY_DUMP = 0x23;
  static final int PRIM_ARRAY_NODATA = 0xc3; // Android
  static final int HEAP_DUMP_INFO = 0xfe; // Android

  private final HprofData data;
  private final String version;
  private final int idSize;
  private final long timestampMillis;

  private HprofReader(HprofData data, String version, int idSize, long timestampMillis) {
    this.data = data;
    this.version = version;
    this.idSize = idSize;
    this.timestampMillis = timestampMillis;
  }

  /**
   * Reads the header of an HPROF stream (the decompressed content, e.g. {@code
   * DumpInput.stream()}).
   */
  public static HprofReader open(InputStream in) throws IOException {
    HprofData data = new HprofData(in);
    data.limit(Long.MAX_VALUE, "the HPROF header", 0);
    ByteArrayOutputStream magic = new ByteArrayOutputStream();
    for (int b = data.readU1(); b != 0; b = data.readU1()) {
      magic.write(b);
      if (magic.size() > 32) {
        break;
      }
    }
    String version = magic.toString(StandardCharsets.ISO_8859_1);
    if (!version.startsWith(MAGIC) || magic.size() > 32) {
      throw new UnsupportedDumpException(
          "not an HPROF file: it starts with \"" + version + "\", not \"" + MAGIC + "x\"");
    }
    int idSize = data.readInt();
    if (idSize != 4 && idSize != 8) {
      throw data.malformed("identifier size " + idSize + " in the HPROF header (expected 4 or 8)");
    }
    data.idSize(idSize);
    long timestamp = data.readLong();
    return new HprofReader(data, version, idSize, timestamp);
  }

  /** The header's version string, e.g. {@code JAVA PROFILE 1.0.2}. */
  public String version() {
    return version;
  }

  public int idSize() {
    return idSize;
  }

  /** When the dump was taken, in milliseconds since the epoch. */
  public long timestampMillis() {
    return timestampMillis;
  }

  /** Reads all records to the end of the stream, in file order. Call once. */
  public void accept(HprofVisitor visitor) throws IOException {
    accept(visitor, position -> {});
  }

  /**
   * Reads all records, as {@link #accept(HprofVisitor)}, and tells {@code progress} the offset
   * reached in the (decompressed) content every few MiB.
   */
  public void accept(HprofVisitor visitor, LongConsumer progress) throws IOException {
    long nextProgress = PROGRESS_STEP;
    boolean sawHeapDump = false;
    boolean sawSegment = false;
    boolean sawEnd = false;
    while (true) {
      data.limit(Long.MAX_VALUE, "the record header", 0);
      if (data.atEnd()) {
        break;
      }
      long start = data.position();
      data.limit(start + 9, "the record header", start);
      int tag = data.readU1();
      data.readInt(); // microseconds since the header's time stamp
      long length = data.readU4();
      long end = data.position() + length;
      String name = recordName(tag);
      data.limit(end, name, start);
      switch (tag) {
        case UTF8 -> {
          long id = data.readId();
          visitor.utf8(id, (int) Math.min(Integer.MAX_VALUE, data.remaining()), data);
        }
        case LOAD_CLASS ->
            visitor.loadClass(data.readInt(), data.readId(), data.readInt(), data.readId());
        case HEAP_DUMP, HEAP_DUMP_SEGMENT -> {
          sawHeapDump = true;
          sawSegment |= tag == HEAP_DUMP_SEGMENT;
          readSubRecords(visitor, end, name, start);
        }
        case HEAP_DUMP_END -> {
          sawEnd = true;
          visitor.heapDumpEnd();
        }
        default -> visitor.otherRecord(tag, length, data);
      }
      data.limit(end, name, start);
      data.skip(end - data.position());
      if (end >= nextProgress) {
        progress.accept(end);
        nextProgress = end + PROGRESS_STEP;
      }
    }
    if (!sawHeapDump) {
      throw data.malformed(
          "the file ends before any heap dump record: it is truncated, or holds no heap dump");
    }
    if (sawSegment && !sawEnd) {
      throw data.malformed(
          "the file ends after heap dump segments without HEAP_DUMP_END: it is truncated");
    }
  }

  private void readSubRecords(HprofVisitor visitor, long end, String name, long start)
      throws IOException {
    while (data.position() < end) {
      long subStart = data.position();
      int tag = data.readU1();
      switch (tag) {
        case CLASS_DUMP -> visitor.classDump(readClassDump());
        case INSTANCE_DUMP -> {
          long id = data.readId();
          data.readInt(); // stack trace serial
          long classId = data.readId();
          long length = data.readU4();
          long dataEnd = body(length, "INSTANCE_DUMP", subStart);
          if (length > Integer.MAX_VALUE) {
            throw malformedAt(subStart, "instance with " + length + " bytes of fields");
          }
          visitor.instance(id, classId, (int) length, data);
          endBody(dataEnd, end, name, start);
        }
        case OBJ_ARRAY_DUMP -> {
          long id = data.readId();
          data.readInt();
          long length = data.readU4();
          long classId = data.readId();
          long dataEnd = body(length * idSize, "OBJ_ARRAY_DUMP", subStart);
          if (length > Integer.MAX_VALUE) {
            throw malformedAt(subStart, "object array of " + length + " elements");
          }
          visitor.objectArray(id, classId, (int) length, data);
          endBody(dataEnd, end, name, start);
        }
        case PRIM_ARRAY_DUMP, PRIM_ARRAY_NODATA -> {
          long id = data.readId();
          data.readInt();
          long length = data.readU4();
          int code = data.readU1();
          BasicType type = BasicType.ofCode(code);
          if (type == null || type == BasicType.OBJECT) {
            throw malformedAt(subStart, "primitive array of unknown element type " + code);
          }
          long bytes = tag == PRIM_ARRAY_NODATA ? 0 : length * type.size(idSize);
          long dataEnd = body(bytes, "PRIM_ARRAY_DUMP", subStart);
          if (length > Integer.MAX_VALUE) {
            throw malformedAt(subStart, "primitive array of " + length + " elements");
          }
          visitor.primitiveArray(id, type, (int) length, data);
          endBody(dataEnd, end, name, start);
        }
        case HEAP_DUMP_INFO -> {
          data.readInt();
          data.readId();
        }
        default -> {
          GcRootKind kind = GcRootKind.ofTag(tag);
          if (kind == null) {
            throw malformedAt(
                subStart, String.format("unknown heap dump sub-record tag 0x%02x", tag));
          }
          long id = data.readId();
          if (kind.extraBytes() < 0) {
            data.readId();
          } else {
            data.skip(kind.extraBytes());
          }
          visitor.gcRoot(kind, id);
        }
      }
    }
  }

  /** Checks that a body of {@code length} bytes fits in the record, and limits reads to it. */
  private long body(long length, String what, long subStart) throws MalformedDumpException {
    if (length > data.remaining()) {
      throw malformedAt(
          subStart,
          what
              + " declares "
              + length
              + " bytes of data but only "
              + data.remaining()
              + " remain in its record");
    }
    long dataEnd = data.position() + length;
    data.limit(dataEnd, what, subStart);
    return dataEnd;
  }

  private void endBody(long dataEnd, long end, String name, long start) throws IOException {
    data.skip(dataEnd - data.position());
    data.limit(end, name, start);
  }

  private ClassDump readClassDump() throws IOException {
    long subStart = data.position() - 1;
    long classId = data.readId();
    data.readInt(); // stack trace serial
    long superId = data.readId();
    long loaderId = data.readId();
    data.skip(4L * idSize); // signers, protection domain, two reserved ids
    int instanceSize = data.readInt();
    int constantPoolSize = data.readU2();
    for (int i = 0; i < constantPoolSize; i++) {
      data.readU2();
      data.readValue(type(subStart));
    }
    int staticCount = data.readU2();
    List<ClassDump.StaticField> statics = new ArrayList<>(Math.min(staticCount, 16));
    for (int i = 0; i < staticCount; i++) {
      long nameId = data.readId();
      BasicType type = type(subStart);
      statics.add(new ClassDump.StaticField(nameId, type, data.readValue(type)));
    }
    int fieldCount = data.readU2();
    List<ClassDump.FieldDescriptor> fields = new ArrayList<>(Math.min(fieldCount, 16));
    for (int i = 0; i < fieldCount; i++) {
      long nameId = data.readId();
      fields.add(new ClassDump.FieldDescriptor(nameId, type(subStart)));
    }
    return new ClassDump(classId, superId, loaderId, instanceSize, statics, fields);
  }

  private BasicType type(long subStart) throws IOException {
    int code = data.readU1();
    BasicType type = BasicType.ofCode(code);
    if (type == null) {
      throw malformedAt(subStart, "unknown basic type code " + code + " in CLASS_DUMP");
    }
    return type;
  }

  private MalformedDumpException malformedAt(long subStart, String message) {
    return new MalformedDumpException(
        message + " in the sub-record that starts at offset " + subStart, data.position());
  }

  static String recordName(int tag) {
    return switch (tag) {
      case UTF8 -> "UTF8 record";
      case LOAD_CLASS -> "LOAD_CLASS record";
      case HEAP_DUMP -> "HEAP_DUMP record";
      case HEAP_DUMP_SEGMENT -> "HEAP_DUMP_SEGMENT record";
      case HEAP_DUMP_END -> "HEAP_DUMP_END record";
      default -> "record";
    };
  }
}
