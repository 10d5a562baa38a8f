package io.heapcapture.sidecar.memory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Finds a JVM's hsperfdata file as the sidecar sees it: {@code
 * /proc/<pid>/root/tmp/hsperfdata_<user>/<nspid>}. The JVM names the file after its pid inside its
 * own pid namespace and the directory after the name of its effective uid in its own {@code
 * /etc/passwd}; with no such name it writes no file at all.
 */
final class HsperfdataLocator {
  private static final String PREFIX = "hsperfdata_";

  private final Path procRoot;

  HsperfdataLocator(Path procRoot) {
    this.procRoot = procRoot;
  }

  /** The file of JVM {@code pid}, or why there is none. */
  Path locate(long pid) throws UnavailableException {
    Path process = procRoot.resolve(Long.toString(pid));
    String status;
    try {
      status = Files.readString(process.resolve("status"));
    } catch (NoSuchFileException e) {
      throw new UnavailableException("hsperfdata unavailable: process " + pid + " is gone");
    } catch (IOException e) {
      throw new UnavailableException("hsperfdata unavailable: cannot read /proc/" + pid + ": " + e);
    }
    String nsPid = lastValue(status, "NSpid:");
    String uid = secondValue(status, "Uid:");
    if (uid == null) {
      throw new UnavailableException("hsperfdata unavailable: no Uid in /proc/" + pid + "/status");
    }
    // Without NSpid (kernels before 4.1) there is no nested namespace to see through.
    String vmid = nsPid == null ? Long.toString(pid) : nsPid;
    Path tmp = process.resolve("root/tmp");
    String user = userName(process.resolve("root/etc/passwd"), uid);
    if (user != null) {
      Path file = tmp.resolve(PREFIX + user).resolve(vmid);
      if (isOwnFile(file)) {
        return file;
      }
    }
    // Names can come from elsewhere than /etc/passwd (nss): any hsperfdata directory will do.
    Path found = search(tmp, vmid);
    if (found != null) {
      return found;
    }
    throw new UnavailableException(missingReason(process, pid, uid, user, vmid));
  }

  private String missingReason(Path process, long pid, String uid, String user, String vmid) {
    if (!Files.isDirectory(process)) {
      return "hsperfdata unavailable: process " + pid + " is gone";
    }
    String commandLine = commandLine(process);
    if (commandLine.contains("-XX:-UsePerfData")) {
      return "hsperfdata unavailable: the JVM runs with -XX:-UsePerfData";
    }
    if (commandLine.contains("-XX:+PerfDisableSharedMem")) {
      return "hsperfdata unavailable: the JVM runs with -XX:+PerfDisableSharedMem";
    }
    if (user == null) {
      return "hsperfdata unavailable: uid "
          + uid
          + " has no entry in the target's /etc/passwd, so the JVM writes no hsperfdata file"
          + " (run it as a user that has one)";
    }
    return "hsperfdata unavailable: no /tmp/"
        + PREFIX
        + user
        + "/"
        + vmid
        + " in the target's filesystem (not a JVM, -XX:-UsePerfData in JAVA_TOOL_OPTIONS, or a"
        + " /tmp the JVM cannot write)";
  }

  private static Path search(Path tmp, String vmid) {
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, PREFIX + "*")) {
      for (Path dir : dirs) {
        Path file = dir.resolve(vmid);
        if (isOwnFile(file)) {
          return file;
        }
      }
    } catch (IOException e) {
      // no /tmp, or not ours to read: reported as missing
    }
    return null;
  }

  // Like the JVM itself, trust neither a linked directory nor a linked file: links in the target's
  // filesystem resolve against the sidecar's root when followed from here.
  private static boolean isOwnFile(Path file) {
    return Files.isDirectory(file.getParent(), LinkOption.NOFOLLOW_LINKS)
        && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS);
  }

  private static String userName(Path passwd, String uid) {
    String text;
    try {
      text = Files.readString(passwd);
    } catch (IOException e) {
      return null;
    }
    for (String line : text.split("\n")) {
      String[] fields = line.split(":", -1);
      if (fields.length > 2 && fields[2].equals(uid)) {
        return fields[0];
      }
    }
    return null;
  }

  private static String commandLine(Path process) {
    try {
      return Files.readString(process.resolve("cmdline")).replace('\0', ' ');
    } catch (IOException e) {
      return "";
    }
  }

  private static String lastValue(String status, String key) {
    String[] values = values(status, key);
    return values == null ? null : values[values.length - 1];
  }

  // Uid lists real, effective, saved and filesystem uid: the JVM names the file after the
  // effective.
  private static String secondValue(String status, String key) {
    String[] values = values(status, key);
    return values == null || values.length < 2 ? null : values[1];
  }

  private static String[] values(String status, String key) {
    for (String line : status.split("\n")) {
      if (line.startsWith(key)) {
        String rest = line.substring(key.length()).trim();
        return rest.isEmpty() ? null : rest.split("\\s+");
      }
    }
    return null;
  }
}
