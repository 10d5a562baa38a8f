package io.heapcapture.sidecar.upload;

import com.github.luben.zstd.ZstdOutputStream;
import io.heapcapture.sidecar.api.UploadResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Streams a dump file through zstd into parts: read, compress, hash and upload in one pass, so the
 * compressed dump never lands on disk and memory stays at one part. zstd rather than gzip: several
 * times faster at a similar ratio, and the JVM's own {@code -gz} would lengthen the pause.
 */
public final class DumpUploader {
  public static final String CONTENT_ENCODING = "zstd";
  private static final int ZSTD_LEVEL = 3;

  /** Uploads {@code dump} and returns what was stored. */
  public UploadResult upload(Path dump, PartPublisher publisher, long partSize) throws IOException {
    if (partSize < 1 || partSize > Integer.MAX_VALUE - 16) {
      throw new IOException("unsupported part size " + partSize);
    }
    PartSink parts = new PartSink(publisher, (int) partSize);
    CountingDigestStream stored = new CountingDigestStream(parts);
    // The application can write to the dump volume: never follow a link it may have planted.
    if (!Files.isRegularFile(dump, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException(dump.getFileName() + " is not a regular file");
    }
    try (InputStream in =
            Files.newInputStream(dump, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        ZstdOutputStream zstd = new ZstdOutputStream(stored, ZSTD_LEVEL)) {
      in.transferTo(zstd);
    }
    return new UploadResult(stored.count(), stored.sha256Hex(), CONTENT_ENCODING, parts.parts());
  }
}
