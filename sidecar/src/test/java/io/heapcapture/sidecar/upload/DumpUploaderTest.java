package io.heapcapture.sidecar.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.ZstdInputStream;
import io.heapcapture.sidecar.api.UploadResult;
import io.heapcapture.sidecar.api.UploadedPart;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DumpUploaderTest {
  private static final int PART_SIZE = 4096;

  @TempDir Path dir;
  private final InMemoryPartPublisher publisher = new InMemoryPartPublisher();
  private final DumpUploader uploader = new DumpUploader();

  @Test
  void everyPartButTheLastHasThePartSizeAndNumbersStartAtOne() throws IOException {
    // Random bytes do not compress, so the stored object spans several parts.
    Path dump = write(randomBytes(5 * PART_SIZE + 123));

    UploadResult result = uploader.upload(dump, publisher, PART_SIZE);

    assertThat(result.parts()).hasSizeGreaterThanOrEqualTo(5).isEqualTo(publisher.published());
    for (int i = 0; i < result.parts().size(); i++) {
      UploadedPart part = result.parts().get(i);
      assertThat(part.partNumber()).isEqualTo(i + 1);
      if (i < result.parts().size() - 1) {
        assertThat(part.size()).isEqualTo(PART_SIZE);
      } else {
        assertThat(part.size()).isBetween(1L, (long) PART_SIZE);
      }
    }
  }

  @Test
  void thePartsTogetherDecompressToTheDumpAndMatchTheReportedSizeAndChecksum() throws Exception {
    byte[] content = hprofLike();
    Path dump = write(content);

    UploadResult result = uploader.upload(dump, publisher, PART_SIZE);

    byte[] stored = publisher.concatenated();
    assertThat(decompress(stored)).isEqualTo(content);
    assertThat(result.storedBytes()).isEqualTo(stored.length).isLessThan(content.length);
    assertThat(result.sha256()).isEqualTo(sha256Hex(stored));
    assertThat(result.contentEncoding()).isEqualTo("zstd");
    assertThat(result.parts().stream().mapToLong(UploadedPart::size).sum())
        .isEqualTo(stored.length);
  }

  @Test
  void anEmptyDumpStillGivesOnePart() throws Exception {
    Path dump = write(new byte[0]);

    UploadResult result = uploader.upload(dump, publisher, PART_SIZE);

    assertThat(result.parts()).hasSize(1);
    assertThat(decompress(publisher.concatenated())).isEmpty();
    assertThat(result.sha256()).isEqualTo(sha256Hex(publisher.concatenated()));
  }

  @Test
  void aPartThatCannotBeStoredFailsTheUpload() throws IOException {
    Path dump = write(randomBytes(5 * PART_SIZE));
    publisher.failAtPart(2);

    assertThatThrownBy(() -> uploader.upload(dump, publisher, PART_SIZE))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("part 2");
  }

  private Path write(byte[] content) throws IOException {
    return Files.write(dir.resolve("hc-1.hprof"), content);
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    new Random(42).nextBytes(bytes);
    return bytes;
  }

  /** Repetitive records with some noise, roughly how a heap dump compresses. */
  private static byte[] hprofLike() {
    StringBuilder text = new StringBuilder("JAVA PROFILE 1.0.2\0");
    Random random = new Random(7);
    for (int i = 0; i < 20_000; i++) {
      text.append("java.lang.String@").append(Integer.toHexString(random.nextInt(1 << 16)));
    }
    return text.toString().getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] decompress(byte[] zstd) throws IOException {
    try (InputStream in = new ZstdInputStream(new ByteArrayInputStream(zstd))) {
      return in.readAllBytes();
    }
  }

  private static String sha256Hex(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
