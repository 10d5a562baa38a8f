package io.heapcapture.operator.capture;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PartSizingTest {
  private static final long MIB = 1024L * 1024;
  private static final long GIB = 1024 * MIB;
  // S3 multipart limits.
  private static final long MIN_PART = 5 * MIB;
  private static final long MAX_PART = 5 * GIB;
  private static final int MAX_PARTS = 10_000;

  @Test
  void smallDumpsUse16MiBPartsWithRoomForIncompressibleData() {
    long raw = 100 * MIB;

    PartSizing sizing = PartSizing.forRawBytes(raw);

    assertThat(sizing.partSize()).isEqualTo(16 * MIB);
    // zstd can grow incompressible input slightly; the authorization must still cover it.
    assertThat((long) sizing.parts() * sizing.partSize()).isGreaterThanOrEqualTo(raw + raw / 64);
  }

  @Test
  void anEmptyDumpStillGetsAPart() {
    PartSizing sizing = PartSizing.forRawBytes(0);

    assertThat(sizing.parts()).isGreaterThanOrEqualTo(1);
    assertThat(sizing.partSize()).isEqualTo(16 * MIB);
  }

  @Test
  void hugeDumpsGrowThePartsInsteadOfTheirNumber() {
    long raw = 500 * GIB;

    PartSizing sizing = PartSizing.forRawBytes(raw);

    assertThat(sizing.parts()).isLessThanOrEqualTo(MAX_PARTS);
    assertThat(sizing.partSize()).isGreaterThan(16 * MIB);
    assertThat((long) sizing.parts() * sizing.partSize()).isGreaterThanOrEqualTo(raw);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 5 * MIB, 16 * MIB, 16 * MIB + 1, GIB, 144 * GIB, 500 * GIB, 4096 * GIB})
  void everySizeStaysWithinTheS3LimitsAndCoversTheRawSize(long raw) {
    PartSizing sizing = PartSizing.forRawBytes(raw);

    assertThat(sizing.parts()).isBetween(1, MAX_PARTS);
    assertThat(sizing.partSize()).isBetween(MIN_PART, MAX_PART);
    assertThat((long) sizing.parts() * sizing.partSize()).isGreaterThanOrEqualTo(raw + raw / 64);
  }
}
