package io.heapcapture.analyzer.hprof;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.heapcapture.analyzer.histogram.ClassHistogram;
import io.heapcapture.analyzer.input.MalformedDumpException;
import io.heapcapture.analyzer.input.UnsupportedDumpException;
import io.heapcapture.analyzer.testing.SampleHprof;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Random corruption of a small dump: every outcome is a result or a clear exception (malformed or
 * unsupported), never another exception, a hang, or a large allocation.
 */
class CorruptDumpTest {

  @ParameterizedTest
  @CsvSource({"4,true", "4,false", "8,true", "8,false"})
  void randomByteChangesGiveAResultOrAClearError(int idSize, boolean segmented) {
    byte[] original = SampleHprof.bytes(idSize, segmented);
    Random random = new Random(idSize * 31L + (segmented ? 1 : 0));
    assertTimeoutPreemptively(
        Duration.ofSeconds(60),
        () -> {
          for (int round = 0; round < 2000; round++) {
            byte[] dump = original.clone();
            for (int k = 1 + random.nextInt(4); k > 0; k--) {
              int at = random.nextInt(dump.length);
              dump[at] = random.nextInt(4) == 0 ? (byte) 0xff : (byte) random.nextInt(256);
            }
            try {
              ClassHistogram.read(new ByteArrayInputStream(dump), null);
              HprofGraphLoader.load(() -> new ByteArrayInputStream(dump));
            } catch (MalformedDumpException | UnsupportedDumpException expected) {
              // a clear error
            } catch (Exception | OutOfMemoryError | StackOverflowError e) {
              fail("round " + round + ": " + e, e);
            }
          }
        });
  }
}
