package io.heapcapture.sidecar.dump;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A heap dump the JVM wrote.
 *
 * @param file where the sidecar sees the HPROF file
 * @param bytes its size, as the JVM reported and the file shows
 * @param pause wall time of the dump command, which stops the world (including the full GC of a
 *     live dump)
 */
public record HeapDump(Path file, long bytes, Duration pause) {}
