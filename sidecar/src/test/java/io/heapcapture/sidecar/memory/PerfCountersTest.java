package io.heapcapture.sidecar.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PerfCountersTest {
  final PerfCounters counters = new PerfCounters();

  @ParameterizedTest
  @ValueSource(strings = {"LITTLE_ENDIAN", "BIG_ENDIAN"})
  void readsLongsAndStringsInEitherByteOrder(String byteOrder) throws Exception {
    ByteOrder order =
        byteOrder.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    load(
        PerfDataImage.jvm(42)
            .set("sun.gc.policy.name", "GarbageFirst")
            .set("sun.gc.collector.0.time", 0x0102030405060708L)
            .order(order));

    assertThat(counters.longValue("sun.gc.collector.0.time")).isEqualTo(0x0102030405060708L);
    assertThat(counters.longValue("sun.rt.createVmBeginTime")).isEqualTo(42);
    assertThat(counters.stringValue("sun.gc.policy.name")).isEqualTo("GarbageFirst");
    assertThat(counters.stringEquals("sun.gc.policy.name", "GarbageFirst")).isTrue();
    assertThat(counters.stringEquals("sun.gc.policy.name", "Garbage")).isFalse();
    assertThat(counters.stringEquals("sun.gc.policy.name", "GarbageFirstX")).isFalse();
    assertThat(counters.entries().get("sun.gc.policy.name").units())
        .isEqualTo(PerfEntry.UNITS_STRING);
  }

  @Test
  void tellsAbsentCountersAndWrongTypesApart() throws Exception {
    load(PerfDataImage.jvm(1).set("a.string", "x"));

    assertThat(counters.longValue("no.such.counter")).isEqualTo(PerfCounters.ABSENT);
    assertThat(counters.longValue("a.string")).isEqualTo(PerfCounters.ABSENT);
    assertThat(counters.stringValue("sun.rt.createVmBeginTime")).isNull();
    assertThat(counters.has("a.string")).isTrue();
  }

  @Test
  void seesNewValuesAndEntriesTheJvmAddedSinceTheLastSample() throws Exception {
    PerfDataImage image = PerfDataImage.jvm(1).set("counter.a", 1L);
    load(image);

    load(image.set("counter.a", 2L).set("counter.b", 3L));

    assertThat(counters.longValue("counter.a")).isEqualTo(2);
    assertThat(counters.longValue("counter.b")).isEqualTo(3);
  }

  @Test
  void startsOverForAnotherJvm() throws Exception {
    load(PerfDataImage.jvm(1).set("first.only", 1L).set("shared", 1L));

    // Same number of entries, other layout: only the start time tells it is another JVM.
    load(PerfDataImage.jvm(2).set("a.much.longer.name.that.shifts.offsets", 5L).set("shared", 7L));

    assertThat(counters.has("first.only")).isFalse();
    assertThat(counters.longValue("shared")).isEqualTo(7);
  }

  @Test
  void rejectsWhatIsNotAPerfDataRegion() {
    byte[] notPerfData = new byte[64];
    assertThatThrownBy(() -> counters.load(ByteBuffer.wrap(notPerfData), 64))
        .isInstanceOf(PerfDataFormatException.class)
        .hasMessageContaining("magic");
    assertThatThrownBy(() -> counters.load(ByteBuffer.wrap(new byte[8]), 8))
        .hasMessageContaining("too short");
  }

  @Test
  void rejectsAnUninitializedRegionAndOtherVersions() {
    assertThatThrownBy(() -> load(PerfDataImage.jvm(1).accessible(false)))
        .hasMessageContaining("not yet initialized");
    assertThatThrownBy(() -> load(PerfDataImage.jvm(1).majorVersion(1)))
        .hasMessageContaining("unsupported hsperfdata version 1.0");
  }

  @Test
  void rejectsEntriesThatRunOutOfTheRegion() {
    byte[] bytes = PerfDataImage.jvm(1).bytes(1024);
    ByteBuffer region = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    region.putInt(PerfDataHeader.SIZE, 100_000); // first entry's length

    assertThatThrownBy(() -> counters.load(region, bytes.length))
        .isInstanceOf(PerfDataFormatException.class)
        .hasMessageContaining("corrupt hsperfdata entry");
  }

  private void load(PerfDataImage image) throws PerfDataFormatException {
    byte[] bytes = image.bytes(4096);
    counters.load(ByteBuffer.wrap(bytes), bytes.length);
  }
}
