package io.heapcapture.sidecar.api;

import java.time.Instant;

/**
 * The sidecar's account of one capture.
 *
 * @param id the capture id from the request
 * @param phase where it stands
 * @param pid the JVM's pid as the sidecar sees it (its pid namespace, which is the pod's)
 * @param startedAt when the dump command was sent
 * @param dumpedAt when the JVM finished writing
 * @param pauseMillis how long the JVM took to write the dump (stop-the-world), in ms
 * @param rawBytes size of the uncompressed HPROF file
 * @param upload the stored object, once uploaded
 * @param failure why it failed, when it did
 */
public record CaptureState(
    String id,
    CapturePhase phase,
    Long pid,
    Instant startedAt,
    Instant dumpedAt,
    Long pauseMillis,
    Long rawBytes,
    UploadResult upload,
    Failure failure) {}
