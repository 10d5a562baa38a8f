package io.heapcapture.sidecar.memory;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** A process's resident set size, {@code VmRSS} of {@code /proc/<pid>/status}. */
final class ProcessRss {
  private final Path procRoot;
  private final ProcText text = new ProcText();

  ProcessRss(Path procRoot) {
    this.procRoot = procRoot;
  }

  /** The resident set of {@code pid}, in bytes. */
  long bytes(long pid) throws UnavailableException {
    try {
      long kib = text.load(procRoot.resolve(Long.toString(pid)).resolve("status")).field("VmRSS:");
      if (kib == ProcText.ABSENT) {
        // Kernel threads and zombies have no VmRSS line.
        throw new UnavailableException("process " + pid + " has no resident set (exited?)");
      }
      return kib * 1024;
    } catch (NoSuchFileException e) {
      throw new UnavailableException("process " + pid + " is gone");
    } catch (IOException e) {
      throw new UnavailableException("cannot read /proc/" + pid + "/status: " + e);
    }
  }
}
