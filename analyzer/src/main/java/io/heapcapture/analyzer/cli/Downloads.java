package io.heapcapture.analyzer.cli;

import io.heapcapture.analyzer.Progress;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The local copies of the dumps given as URLs: each in a fresh folder of the work dir, named after
 * the URL's last path segment (the report shows that name), all deleted on {@link #close()}.
 */
final class Downloads implements AutoCloseable {
  private final Path workDir;
  private final HttpTransfer transfer;
  private final Progress progress;
  private final PrintStream err;
  private final List<Path> folders = new ArrayList<>();
  private final Map<Path, Location> downloaded = new LinkedHashMap<>();

  Downloads(Path workDir, HttpTransfer transfer, Progress progress, PrintStream err) {
    this.workDir = workDir;
    this.transfer = transfer;
    this.progress = progress;
    this.err = err;
  }

  /** The local file for {@code location}: the path itself, or a downloaded copy of the URL. */
  Path local(Location location) throws IOException {
    if (!location.isUrl()) {
      return location.path();
    }
    Files.createDirectories(workDir);
    Path folder = Files.createTempDirectory(workDir, "download-");
    folders.add(folder);
    Path file = folder.resolve(Location.fileName(location.url()));
    transfer.download(location.url(), file, progress);
    downloaded.put(file, location);
    return file;
  }

  /** {@code message} with each local copy's path replaced by its URL (without query string). */
  String inTermsOfUrls(String message) {
    String result = message;
    for (Map.Entry<Path, Location> copy : downloaded.entrySet()) {
      result = result.replace(copy.getKey().toString(), copy.getValue().toString());
    }
    return result;
  }

  @Override
  public void close() {
    for (Path folder : folders) {
      try (Stream<Path> files = Files.walk(folder)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      } catch (IOException | UncheckedIOException e) {
        // The command's own outcome matters more than a leftover temp file.
        err.println("analyze: cannot delete " + folder + ": " + e.getMessage());
      }
    }
    folders.clear();
  }
}
