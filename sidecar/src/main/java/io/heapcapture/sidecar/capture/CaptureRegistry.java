package io.heapcapture.sidecar.capture;

import io.heapcapture.sidecar.CaptureException;
import io.heapcapture.sidecar.api.CaptureOrigin;
import io.heapcapture.sidecar.api.CapturePhase;
import io.heapcapture.sidecar.api.CaptureRequest;
import io.heapcapture.sidecar.api.CaptureState;
import io.heapcapture.sidecar.api.FailureReason;
import io.heapcapture.sidecar.api.UploadInstruction;
import io.heapcapture.sidecar.dump.HeapDump;
import io.heapcapture.sidecar.process.TargetProcess;
import io.heapcapture.sidecar.upload.DumpUploader;
import io.heapcapture.sidecar.upload.PartPublisher;
import io.heapcapture.sidecar.upload.UploadEndpoints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs captures in the background and answers for them by id. Starting is idempotent: the same id
 * returns the capture already known. The local dump file is deleted as soon as it is uploaded or
 * the capture fails, so the dump volume holds no orphans. With a {@link DumpShelf}, every dump
 * waiting for its upload has a manifest beside it and is taken back after a restart.
 */
public final class CaptureRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(CaptureRegistry.class);
  private static final int MAX_TRACKED = 256;

  /**
   * Ids the sidecar gives the dumps it takes by itself: the operator may adopt, not start, them.
   */
  private static final Pattern LOCAL_ID = Pattern.compile("^(r|oom)-[0-9a-z]+(-.*)?$");

  private final Map<String, Capture> captures = new ConcurrentHashMap<>();
  private final DumpTaker dumps;
  private final DumpUploader uploader;
  private final Function<UploadInstruction, PartPublisher> publishers;
  private final UploadEndpoints endpoints;
  private final Executor workers;
  private final Clock clock;
  private final DumpShelf shelf;
  private volatile Runnable afterDiscard = () -> {};

  public CaptureRegistry(
      DumpTaker dumps,
      DumpUploader uploader,
      Function<UploadInstruction, PartPublisher> publishers,
      UploadEndpoints endpoints,
      Executor workers,
      Clock clock) {
    this(dumps, uploader, publishers, endpoints, workers, clock, null);
  }

  /** As above; {@code shelf} keeps dumped captures across restarts (null: kept in memory only). */
  public CaptureRegistry(
      DumpTaker dumps,
      DumpUploader uploader,
      Function<UploadInstruction, PartPublisher> publishers,
      UploadEndpoints endpoints,
      Executor workers,
      Clock clock,
      DumpShelf shelf) {
    this.shelf = shelf;
    this.dumps = dumps;
    this.uploader = uploader;
    this.publishers = publishers;
    this.endpoints = endpoints;
    this.workers = workers;
    this.clock = clock;
  }

  /** Starts a capture, or returns the one with this id. */
  public CaptureState start(CaptureRequest request) throws CaptureException {
    if (LOCAL_ID.matcher(request.id()).matches() && !captures.containsKey(request.id())) {
      // Adopting a dump that is gone (a sidecar restart that dropped it, a tampered volume) must
      // not take a fresh dump that would then pass for the rule's or the OutOfMemoryError's.
      throw new CaptureException(
          FailureReason.BAD_REQUEST,
          "the sidecar holds no dump " + request.id() + " (gone, or never taken here)");
    }
    return start(request, Capture.Origin.OPERATOR);
  }

  /**
   * Starts a capture the sidecar decided on by itself, as {@link #start(CaptureRequest)} does.
   *
   * @param policy the policy whose rule fired
   * @param rule that rule's name
   */
  public CaptureState startLocal(CaptureRequest request, String policy, String rule)
      throws CaptureException {
    return start(request, new Capture.Origin(CaptureOrigin.RULE, policy, rule));
  }

  private CaptureState start(CaptureRequest request, Capture.Origin origin)
      throws CaptureException {
    if (!DumpFiles.isValidId(request.id())) {
      throw new CaptureException(FailureReason.BAD_REQUEST, "invalid capture id");
    }
    requireRoomFor(request.id());
    Capture fresh = new Capture(request, origin, clock);
    Capture known = captures.putIfAbsent(request.id(), fresh);
    if (known != null) {
      return known.snapshot();
    }
    workers.execute(() -> dump(fresh));
    return fresh.snapshot();
  }

  /**
   * Tracks a complete dump that is already on the volume, such as the JVM's own OutOfMemoryError
   * dump, as DUMPED: it waits for the operator to adopt and upload it.
   */
  public CaptureState adopt(CaptureState state, Path file) throws CaptureException {
    requireRoomFor(state.id());
    Capture adopted = Capture.waiting(state, file, clock);
    synchronized (adopted) {
      if (captures.putIfAbsent(state.id(), adopted) != null) {
        throw new CaptureException(FailureReason.BAD_REQUEST, "capture " + state.id() + " exists");
      }
      shelve(adopted);
    }
    return adopted.snapshot();
  }

  /**
   * Takes back the dumps an earlier run left with a manifest, and deletes those without one.
   * Returns how many it took back.
   */
  public int restore() throws IOException {
    if (shelf == null) {
      return 0;
    }
    int restored = 0;
    for (DumpShelf.Shelved shelved : shelf.restore()) {
      if (captures.putIfAbsent(
              shelved.state().id(), Capture.waiting(shelved.state(), shelved.file(), clock))
          == null) {
        restored++;
      }
    }
    return restored;
  }

  public Optional<CaptureState> state(String id) {
    return Optional.ofNullable(captures.get(id)).map(Capture::snapshot);
  }

  /** Every capture tracked, oldest first. */
  public List<CaptureState> list() {
    return captures.values().stream()
        .map(Capture::snapshot)
        .sorted(
            Comparator.comparing(
                    CaptureState::startedAt, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(CaptureState::id))
        .toList();
  }

  /** Whether {@code file} belongs to a capture this registry tracks (being written or waiting). */
  public boolean owns(Path file) {
    String name = file.getFileName().toString();
    for (Capture capture : captures.values()) {
      Path own = capture.file();
      if (own != null
          ? own.getFileName().toString().equals(name)
          : name.startsWith(capture.request().id() + ".")) {
        return true;
      }
    }
    return false;
  }

  /** Bytes of the dumps waiting on the volume for their upload. */
  public long pendingBytes() {
    return captures.values().stream().mapToLong(Capture::pendingBytes).sum();
  }

  private void requireRoomFor(String id) throws CaptureException {
    if (captures.size() >= MAX_TRACKED && !captures.containsKey(id)) {
      throw new CaptureException(
          FailureReason.BAD_REQUEST, "too many captures tracked; discard settled ones");
    }
  }

  /**
   * Starts uploading a dumped capture; asking again while it uploads is harmless. An instruction
   * with a URL outside the pinned endpoints fails a dumped capture with {@link
   * FailureReason#ENDPOINT_NOT_ALLOWED} and deletes its file: nothing is uploaded.
   */
  public Optional<CaptureState> upload(String id, UploadInstruction instruction)
      throws CaptureException {
    Capture capture = captures.get(id);
    if (capture == null) {
      return Optional.empty();
    }
    if (instruction.partSize() < UploadInstruction.MIN_PART_SIZE
        || instruction.partUrls().isEmpty()) {
      throw new CaptureException(
          FailureReason.BAD_REQUEST, "the upload needs part URLs and parts of at least 5 MiB");
    }
    Optional<String> refused = endpoints.firstRefused(instruction.partUrls());
    if (refused.isPresent()) {
      CaptureException e =
          new CaptureException(
              FailureReason.ENDPOINT_NOT_ALLOWED,
              "upload to " + refused.get() + " refused: not a pinned upload endpoint");
      LOG.warn("capture {}: {}", id, e.getMessage());
      if (capture.refuseUpload(e)) {
        deleteFile(capture);
      }
      throw e;
    }
    if (capture.beginUpload()) {
      workers.execute(() -> upload(capture, instruction));
    } else if (capture.phase() == CapturePhase.DUMPING) {
      throw new CaptureException(FailureReason.BAD_REQUEST, "the dump is not written yet");
    }
    return Optional.of(capture.snapshot());
  }

  /** Forgets a capture and deletes its file if one is left. */
  public boolean discard(String id) {
    Capture capture = captures.remove(id);
    if (capture == null) {
      return false;
    }
    deleteFile(capture);
    afterDiscard.run();
    return true;
  }

  /** Runs {@code action} after each discard: a one-shot agent ends there. */
  public void whenDiscarded(Runnable action) {
    this.afterDiscard = action;
  }

  private void dump(Capture capture) {
    try {
      TargetProcess jvm = dumps.select(capture.request());
      capture.selected(jvm.pid());
      HeapDump written = dumps.dump(jvm, capture.request());
      // Holding the capture keeps an upload from starting before the manifest is written.
      synchronized (capture) {
        capture.dumped(written);
        shelve(capture);
      }
      LOG.info(
          "capture {}: dumped pid {} ({})",
          capture.request().id(),
          jvm.pid(),
          capture.snapshot().rawBytes());
    } catch (CaptureException e) {
      LOG.warn("capture {} failed: {} {}", capture.request().id(), e.reason(), e.getMessage());
      capture.failed(e);
    } catch (RuntimeException e) {
      LOG.error("capture {} failed unexpectedly", capture.request().id(), e);
      capture.failed(FailureReason.INTERNAL, "unexpected " + e.getClass().getSimpleName());
    }
  }

  private void upload(Capture capture, UploadInstruction instruction) {
    Path file = capture.file();
    try {
      capture.uploaded(
          uploader.upload(file, publishers.apply(instruction), instruction.partSize()));
      LOG.info("capture {}: uploaded", capture.request().id());
    } catch (IOException | RuntimeException e) {
      LOG.warn("capture {}: upload failed: {}", capture.request().id(), e.toString());
      capture.failed(FailureReason.UPLOAD_FAILED, "upload failed: " + e.getMessage());
    } finally {
      deleteFile(capture);
    }
  }

  private void shelve(Capture capture) {
    if (shelf == null) {
      return;
    }
    try {
      shelf.put(capture.snapshot(), capture.file());
    } catch (IOException e) {
      // The capture still works; only a restart of the sidecar would lose it.
      LOG.warn(
          "capture {}: could not write its manifest: {}", capture.request().id(), e.toString());
    }
  }

  private void deleteFile(Capture capture) {
    Path file = capture.file();
    if (file == null) {
      return;
    }
    if (shelf != null) {
      shelf.remove(file);
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("could not delete {}: {}", file, e.toString());
    }
  }
}
