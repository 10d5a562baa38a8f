package io.heapcapture.analyzer.hprof;

import static io.heapcapture.analyzer.testing.SampleHprof.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.heapcapture.analyzer.input.MalformedDumpException;
import io.heapcapture.analyzer.input.UnsupportedDumpException;
import io.heapcapture.analyzer.testing.HprofBytes;
import io.heapcapture.analyzer.testing.SampleHprof;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HprofReaderTest {

  @ParameterizedTest
  @CsvSource({"4,true", "4,false", "8,true", "8,false"})
  void readsEveryRecordKindAtBothIdSizes(int idSize, boolean segmented) throws IOException {
    HprofReader reader = HprofReader.open(in(SampleHprof.bytes(idSize, segmented)));
    Recorder recorder = new Recorder();
    reader.accept(recorder);

    assertThat(reader.version()).isEqualTo("JAVA PROFILE 1.0.2");
    assertThat(reader.idSize()).isEqualTo(idSize);
    assertThat(reader.timestampMillis()).isEqualTo(1_700_000_000_000L);
    List<String> events = recorder.events;
    assertThat(events).contains("utf8 4097 name", "utf8 4103 cache", "load 352 353", "other 153 5");
    assertThat(events)
        .contains(
            "class 352 super 320 loader 36864 size "
                + (8 + idSize)
                + " statics [4103 OBJECT 28672]"
                + " fields [4101 LONG, 4102 OBJECT]",
            "class 320 super 256 loader 36864 size "
                + (4 + idSize)
                + " statics []"
                + " fields [4099 INT, 4100 OBJECT]");
    assertThat(events)
        .contains(
            "root STICKY_CLASS 352",
            "root JAVA_FRAME 40992",
            "root JNI_GLOBAL 36864",
            "root UNKNOWN 49152",
            "root JNI_GLOBAL " + MISSING);
    assertThat(events)
        .contains(
            "instance 40960 class 320 [1, 40976]",
            "instance 45056 class 352 [1099511627776, 40960, 4, 40976]",
            "array 28672 class 368 [40960, 0, 45056]",
            "primitives 29440 BYTE 10 remaining 10",
            "primitives 29696 LONG 2 remaining 16");
    assertThat(events.stream().filter(e -> e.startsWith("end"))).hasSize(segmented ? 1 : 0);
    assertThat(events.stream().filter(e -> e.startsWith("class "))).hasSize(CLASSES);
  }

  @ParameterizedTest
  @CsvSource({"4,true", "4,false", "8,true", "8,false"})
  void truncationAtEveryOffsetFailsWithTheOffset(int idSize, boolean segmented) {
    byte[] full = SampleHprof.bytes(idSize, segmented);
    assertTimeoutPreemptively(
        Duration.ofSeconds(20),
        () -> {
          for (int length = 0; length < full.length; length++) {
            byte[] prefix = Arrays.copyOf(full, length);
            try {
              HprofReader.open(in(prefix)).accept(new Recorder());
              fail("a dump truncated to " + length + " of " + full.length + " bytes was accepted");
            } catch (MalformedDumpException e) {
              assertThat(e.offset()).isBetween(0L, (long) length);
              assertThat(e.getMessage()).contains("offset " + e.offset());
            }
          }
        });
  }

  @ValueSource(ints = {4, 8})
  @ParameterizedTest
  void anInstanceLongerThanItsSegmentIsRejectedBeforeAllocating(int idSize) {
    HprofBytes h = new HprofBytes(idSize);
    HprofBytes.Body bad = h.values().u1(0x21).id(1).u4(0).id(2).u4(0x7fff_fff0L).u8(0);
    h.rawSubRecord(bad.toByteArray()).heapDump(0x1c).heapDumpEnd();
    assertMalformed(h.toByteArray(), "INSTANCE_DUMP declares 2147483632 bytes");
  }

  @ValueSource(ints = {4, 8})
  @ParameterizedTest
  void anArrayLongerThanItsSegmentIsRejected(int idSize) {
    HprofBytes h = new HprofBytes(idSize);
    HprofBytes.Body objects = h.values().u1(0x22).id(1).u4(0).u4(0x4000_0000L).id(2).u8(0);
    h.rawSubRecord(objects.toByteArray()).heapDump(0x0c);
    assertMalformed(h.toByteArray(), "OBJ_ARRAY_DUMP declares");

    HprofBytes p = new HprofBytes(idSize);
    HprofBytes.Body prims = p.values().u1(0x23).id(1).u4(0).u4(0xffff_ffffL).u1(11).u8(0);
    p.rawSubRecord(prims.toByteArray()).heapDump(0x0c);
    assertMalformed(p.toByteArray(), "PRIM_ARRAY_DUMP declares");
  }

  @ValueSource(ints = {4, 8})
  @ParameterizedTest
  void aHugeRecordLengthInATruncatedFileDoesNotAllocateIt(int idSize) {
    HprofBytes h = new HprofBytes(idSize);
    byte[] header = h.toByteArray();
    byte[] utf8 =
        h.values().u1(0x01).u4(0).u4(0xffff_fff0L).id(7).bytes(new byte[100]).toByteArray();
    byte[] file = concat(header, utf8);
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    HprofClassTable classes = new HprofClassTable(ObjectLayout.forIdSize(idSize));
    HprofVisitor keepsStrings =
        new HprofVisitor() {
          @Override
          public void utf8(long id, int length, HprofData text) throws IOException {
            classes.utf8(id, length, text);
          }
        };
    long before = threads.getCurrentThreadAllocatedBytes();
    assertThatThrownBy(() -> HprofReader.open(in(file)).accept(keepsStrings))
        .isInstanceOf(MalformedDumpException.class)
        .hasMessageContaining("truncated");
    assertThat(threads.getCurrentThreadAllocatedBytes() - before).isLessThan(4 << 20);
  }

  @ValueSource(ints = {4, 8})
  @ParameterizedTest
  void unknownSubRecordTagIsRejectedWithItsOffset(int idSize) throws IOException {
    HprofBytes h = new HprofBytes(idSize);
    h.root(0xff, 5, new byte[0]).rawSubRecord(new byte[] {0x77, 0, 0, 0}).heapDump(0x1c);
    byte[] file = h.toByteArray();
    int tagOffset = file.length - 4;
    assertThatThrownBy(() -> HprofReader.open(in(file)).accept(new Recorder()))
        .isInstanceOf(MalformedDumpException.class)
        .hasMessageContaining("unknown heap dump sub-record tag 0x77")
        .hasMessageContaining("starts at offset " + tagOffset);
  }

  @ValueSource(ints = {4, 8})
  @ParameterizedTest
  void unknownTypeCodesAreRejected(int idSize) {
    HprofBytes h = new HprofBytes(idSize);
    HprofBytes.Body prims = h.values().u1(0x23).id(1).u4(0).u4(1).u1(3).u8(0);
    h.rawSubRecord(prims.toByteArray()).heapDump(0x0c);
    assertMalformed(h.toByteArray(), "unknown element type 3");

    HprofBytes c = new HprofBytes(idSize);
    c.classDump(1, 0, 0, 0, new long[][] {{9, 12, 0}}, new long[0][]).heapDump(0x0c);
    assertMalformed(c.toByteArray(), "unknown basic type code 12");
  }

  @org.junit.jupiter.api.Test
  void foreignHeadersAreUnsupportedAndBadIdSizesMalformed() {
    assertThatThrownBy(
            () -> HprofReader.open(in("{\"snapshot\":{}}\0".getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(UnsupportedDumpException.class)
        .hasMessageContaining("not an HPROF file");
    byte[] idSize3 = new HprofBytes(8).toByteArray();
    idSize3[22] = 3;
    assertMalformed(idSize3, "identifier size 3");
  }

  @org.junit.jupiter.api.Test
  void aFileWithoutHeapDumpIsRejected() {
    byte[] noHeap = new HprofBytes(8).utf8(1, "x").toByteArray();
    assertMalformed(noHeap, "before any heap dump record");
  }

  @org.junit.jupiter.api.Test
  void segmentsWithoutHeapDumpEndAreTruncated() {
    byte[] noEnd = new HprofBytes(8).root(0xff, 1, new byte[0]).heapDump(0x1c).toByteArray();
    assertMalformed(noEnd, "without HEAP_DUMP_END");
  }

  @org.junit.jupiter.api.Test
  void modifiedUtf8IsDecoded() {
    byte[] nul = {'a', (byte) 0xc0, (byte) 0x80, 'b'};
    assertThat(SymbolTable.decode(nul, 0, nul.length)).isEqualTo("a\0b");
    byte[] euro = "x€".getBytes(StandardCharsets.UTF_8);
    assertThat(SymbolTable.decode(euro, 0, euro.length)).isEqualTo("x€");
    // U+1F600 as a surrogate pair of two 3-byte sequences, as the JVM writes it
    byte[] smile = {(byte) 0xed, (byte) 0xa0, (byte) 0xbd, (byte) 0xed, (byte) 0xb8, (byte) 0x80};
    assertThat(SymbolTable.decode(smile, 0, smile.length)).isEqualTo("\uD83D\uDE00");
  }

  static void assertMalformed(byte[] file, String message) {
    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () ->
            assertThatThrownBy(() -> HprofReader.open(in(file)).accept(new Recorder()))
                .isInstanceOf(MalformedDumpException.class)
                .hasMessageContaining(message)
                .hasMessageContaining("offset"));
  }

  static ByteArrayInputStream in(byte[] bytes) {
    return new ByteArrayInputStream(bytes);
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  /** Writes every event down, reading every body in full. */
  static final class Recorder implements HprofVisitor {
    final List<String> events = new ArrayList<>();
    final java.util.Map<Long, ClassDump> classes = new java.util.HashMap<>();

    @Override
    public void utf8(long id, int length, HprofData text) throws IOException {
      byte[] b = new byte[length];
      text.readFully(b, 0, length);
      events.add("utf8 " + id + " " + new String(b, StandardCharsets.UTF_8));
    }

    @Override
    public void loadClass(int classSerial, long classId, int stackTraceSerial, long nameId) {
      events.add("load " + classId + " " + nameId);
    }

    @Override
    public void gcRoot(GcRootKind kind, long objectId) {
      events.add("root " + kind + " " + objectId);
    }

    @Override
    public void classDump(ClassDump d) {
      classes.put(d.classId(), d);
      events.add(
          "class "
              + d.classId()
              + " super "
              + d.superClassId()
              + " loader "
              + d.loaderId()
              + " size "
              + d.instanceSize()
              + " statics "
              + d.staticFields().stream()
                  .map(f -> f.nameId() + " " + f.type() + " " + f.value())
                  .toList()
              + " fields "
              + d.instanceFields().stream().map(f -> f.nameId() + " " + f.type()).toList());
    }

    @Override
    public void instance(long objectId, long classId, int dataLength, HprofData fields)
        throws IOException {
      // field values come in declaration order, the class's own first, then its super classes'
      List<Long> values = new ArrayList<>();
      for (ClassDump c = classes.get(classId); c != null; c = classes.get(c.superClassId())) {
        for (ClassDump.FieldDescriptor f : c.instanceFields()) {
          values.add(fields.readValue(f.type()));
        }
      }
      events.add("instance " + objectId + " class " + classId + " " + values);
    }

    @Override
    public void objectArray(long objectId, long arrayClassId, int length, HprofData elements)
        throws IOException {
      List<Long> ids = new ArrayList<>();
      for (int i = 0; i < length; i++) {
        ids.add(elements.readId());
      }
      events.add("array " + objectId + " class " + arrayClassId + " " + ids);
    }

    @Override
    public void primitiveArray(long objectId, BasicType type, int length, HprofData elements) {
      events.add(
          "primitives "
              + objectId
              + " "
              + type
              + " "
              + length
              + " remaining "
              + elements.remaining());
    }

    @Override
    public void heapDumpEnd() {
      events.add("end");
    }

    @Override
    public void otherRecord(int tag, long length, HprofData body) {
      events.add("other " + tag + " " + length);
    }
  }
}
