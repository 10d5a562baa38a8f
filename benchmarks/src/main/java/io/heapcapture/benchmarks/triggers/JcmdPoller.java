package io.heapcapture.benchmarks.triggers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The baseline: what people run today without the sidecar, a shell loop that asks {@code jcmd <pid>
 * GC.heap_info} every second and, once the heap use stayed above the mark for the hold time, runs
 * {@code jcmd <pid> GC.heap_dump}. It prints {@code dump-start <epoch ns>} just before the dump
 * command.
 */
final class JcmdPoller {
  // The one figure a script parses: "garbage-first heap   total 131072K, used 65432K [...".
  static final String SCRIPT =
      """
      jcmd="$1" pid="$2" mark_kib="$3" hold_s="$4" file="$5"
      since=
      while :; do
        used=$("$jcmd" "$pid" GC.heap_info | awk '/ heap / && /used/ {
          for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K.*/, "", v); print v; exit } }')
        now=$(date +%s.%N)
        if [ -n "$used" ] && [ "$used" -gt "$mark_kib" ]; then
          [ -n "$since" ] || since=$now
          if awk "BEGIN { exit !($now - $since >= $hold_s) }"; then
            echo "dump-start $(date +%s%N)"
            "$jcmd" "$pid" GC.heap_dump "$file"
            exit $?
          fi
        else
          since=
        fi
        sleep 1
      done
      """;

  private final Path jcmd;

  JcmdPoller(Path jcmd) {
    this.jcmd = jcmd;
  }

  /** Starts the loop on {@code pid}; it dumps into {@code file} once the mark held. */
  Process start(long pid, long markKib, Duration hold, Path file) throws IOException {
    return new ProcessBuilder(
            List.of(
                "bash",
                "-c",
                SCRIPT,
                "jcmd-poller",
                jcmd.toString(),
                Long.toString(pid),
                Long.toString(markKib),
                Double.toString(hold.toMillis() / 1000.0),
                file.toString()))
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
  }

  /** Runs the loop until it dumped: when it started the dump, or empty when it failed. */
  Optional<Instant> dump(long pid, long markKib, Duration hold, Path file)
      throws IOException, InterruptedException {
    Process poller = start(pid, markKib, hold, file);
    Instant started = null;
    StringBuilder output = new StringBuilder();
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(poller.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        output.append(line).append('\n');
        if (line.startsWith("dump-start ")) {
          long nanos = Long.parseLong(line.substring("dump-start ".length()).trim());
          started = Instant.ofEpochSecond(0, nanos);
        }
      }
    }
    if (poller.waitFor() != 0 || !output.toString().contains("Heap dump file created")) {
      System.err.println("[triggers] the jcmd poller failed: " + output);
      return Optional.empty();
    }
    return Optional.ofNullable(started);
  }
}
