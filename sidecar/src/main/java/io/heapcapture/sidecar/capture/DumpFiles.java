package io.heapcapture.sidecar.capture;

import io.heapcapture.sidecar.process.TargetProcess;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Names of dump files, as the sidecar and as the target JVM see them. Usually both containers mount
 * one dump volume, possibly at different paths. An ephemeral container has no volume of its own:
 * the JVM then writes into a folder of its own file system, which the sidecar reaches through
 * {@code /proc/<pid>/root} ({@code insideTarget}).
 *
 * @param sidecarDir the volume's mount path in the sidecar; null inside the target
 * @param targetDir the folder as the application container sees it
 * @param insideTarget whether the folder is in the target's own file system, not a shared volume
 */
public record DumpFiles(Path sidecarDir, Path targetDir, boolean insideTarget) {
  /** One volume mounted in both containers. */
  public static DumpFiles sharedVolume(Path sidecarDir, Path targetDir) {
    return new DumpFiles(sidecarDir, targetDir, false);
  }

  /** A folder of the target's own file system, such as its {@code /tmp}. */
  public static DumpFiles insideTarget(Path targetDir) {
    return new DumpFiles(null, targetDir, true);
  }

  private static final Pattern SAFE_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$");
  private static final String SUFFIX = ".hprof";

  public static boolean isValidId(String id) {
    return id != null && SAFE_ID.matcher(id).matches();
  }

  /** The dump of capture {@code id} of {@code process}, as the sidecar reaches it. */
  public Path asSidecarSeesIt(String id, TargetProcess process) {
    if (insideTarget) {
      return process.root().resolve(targetDir.getRoot().relativize(targetDir)).resolve(id + SUFFIX);
    }
    return sidecarDir.resolve(id + SUFFIX);
  }

  public Path asTargetSeesIt(String id) {
    return targetDir.resolve(id + SUFFIX);
  }
}
