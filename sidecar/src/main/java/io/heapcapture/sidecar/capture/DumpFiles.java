package io.heapcapture.sidecar.capture;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Names of dump files in the shared dump volume, as the sidecar and as the target JVM see them.
 *
 * @param sidecarDir the volume's mount path in the sidecar
 * @param targetDir the volume's mount path in the application container
 */
public record DumpFiles(Path sidecarDir, Path targetDir) {
  private static final Pattern SAFE_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$");
  private static final String SUFFIX = ".hprof";

  public static boolean isValidId(String id) {
    return id != null && SAFE_ID.matcher(id).matches();
  }

  public Path asSidecarSeesIt(String id) {
    return sidecarDir.resolve(id + SUFFIX);
  }

  public Path asTargetSeesIt(String id) {
    return targetDir.resolve(id + SUFFIX);
  }

  /** Deletes dump files nobody tracks any more, e.g. after a sidecar restart. */
  public int deleteUntracked() throws IOException {
    int deleted = 0;
    try (DirectoryStream<Path> dumps = Files.newDirectoryStream(sidecarDir, "*" + SUFFIX)) {
      for (Path dump : dumps) {
        Files.deleteIfExists(dump);
        deleted++;
      }
    }
    return deleted;
  }
}
