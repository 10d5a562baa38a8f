package io.heapcapture.sidecar.attach;

import io.heapcapture.sidecar.CaptureException;
import io.heapcapture.sidecar.api.FailureReason;
import io.heapcapture.sidecar.process.JvmProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs jcmd commands in a HotSpot JVM through its attach listener. */
public final class AttachClient {
  private static final Logger LOG = LoggerFactory.getLogger(AttachClient.class);

  /** Default time the JVM gets to open its listener after SIGQUIT. */
  public static final Duration DEFAULT_LISTENER_WAIT = Duration.ofSeconds(10);

  // HotSpot reads at most this many bytes per argument (AttachOperation::arg_length_max).
  private static final int MAX_ARGUMENT_BYTES = 1024;

  // The listener answers one request at a time and blocks for a whole dump; queueing our own
  // requests here keeps a second one from piling up on the socket or timing out behind the first.
  private final Map<Long, ReentrantLock> locks = new ConcurrentHashMap<>();
  private final ListenerTrigger trigger;
  private final ScheduledExecutorService deadlines;

  /** A client that waits {@link #DEFAULT_LISTENER_WAIT} for a listener to start. */
  public AttachClient() {
    this(DEFAULT_LISTENER_WAIT);
  }

  /** A client that waits {@code listenerWait} for a listener to start after SIGQUIT. */
  public AttachClient(Duration listenerWait) {
    this.trigger = new ListenerTrigger(listenerWait);
    this.deadlines =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "attach-deadlines");
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Runs a jcmd command line such as {@code GC.heap_dump -all /dumps/x.hprof} in {@code jvm} and
   * waits at most {@code readTimeout} for its answer.
   */
  public AttachResponse execute(JvmProcess jvm, String command, Duration readTimeout)
      throws CaptureException {
    if (jvm.attachDisabled()) {
      throw new CaptureException(
          FailureReason.ATTACH_DISABLED,
          "the JVM runs with -XX:+DisableAttachMechanism; remove that option to allow captures");
    }
    byte[] request = request(command);
    ReentrantLock lock = locks.computeIfAbsent(jvm.pid(), pid -> new ReentrantLock());
    try {
      if (!lock.tryLock(readTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new CaptureException(
            FailureReason.ATTACH_FAILED,
            "another command to JVM "
                + jvm.pid()
                + " did not finish within "
                + readTimeout.toMillis()
                + " ms");
      }
    } catch (InterruptedException e) {
      throw interrupted(e);
    }
    try {
      return send(connect(jvm), request, readTimeout);
    } finally {
      lock.unlock();
    }
  }

  private SocketChannel connect(JvmProcess jvm) throws CaptureException {
    Path socket = jvm.root().resolve("tmp").resolve(".java_pid" + jvm.nsPid());
    if (Files.exists(socket)) {
      try {
        return open(socket);
      } catch (ConnectException e) {
        // A socket file left by an earlier JVM with the same pid (a /tmp volume outlives the
        // container): nobody listens on it. Remove it, or we would take it for the new listener.
        LOG.info("Removing stale attach socket {}: {}", socket, e.toString());
        deleteQuietly(socket);
      } catch (IOException e) {
        throw cannotConnect(jvm, e);
      }
    }
    trigger.startListener(jvm, socket);
    try {
      return open(socket);
    } catch (IOException e) {
      throw cannotConnect(jvm, e);
    }
  }

  private static CaptureException cannotConnect(JvmProcess jvm, IOException e) {
    return new CaptureException(
        FailureReason.ATTACH_FAILED,
        "cannot connect to the attach socket of JVM " + jvm.pid() + ": " + e.getMessage(),
        e);
  }

  private static SocketChannel open(Path socket) throws IOException {
    SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      channel.connect(UnixDomainSocketAddress.of(socket));
      return channel;
    } catch (IOException e) {
      channel.close();
      throw e;
    }
  }

  // Protocol version 1: version, command, then exactly three arguments, each NUL-terminated.
  private static byte[] request(String command) throws CaptureException {
    byte[] commandLine = command.getBytes(StandardCharsets.UTF_8);
    if (commandLine.length > MAX_ARGUMENT_BYTES) {
      throw new CaptureException(
          FailureReason.BAD_REQUEST,
          "the command line is longer than the attach protocol's " + MAX_ARGUMENT_BYTES + " bytes");
    }
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    request.writeBytes("1\0jcmd\0".getBytes(StandardCharsets.UTF_8));
    request.writeBytes(commandLine);
    request.writeBytes("\0\0\0".getBytes(StandardCharsets.UTF_8));
    return request.toByteArray();
  }

  // A blocking SocketChannel has no read timeout; closing it from another thread ends the read.
  private AttachResponse send(SocketChannel channel, byte[] request, Duration readTimeout)
      throws CaptureException {
    AtomicBoolean timedOut = new AtomicBoolean();
    ScheduledFuture<?> deadline =
        deadlines.schedule(
            () -> {
              timedOut.set(true);
              closeQuietly(channel);
            },
            readTimeout.toMillis(),
            TimeUnit.MILLISECONDS);
    try (channel) {
      ByteBuffer out = ByteBuffer.wrap(request);
      while (out.hasRemaining()) {
        channel.write(out);
      }
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      ByteBuffer in = ByteBuffer.allocate(8192);
      while (channel.read(in) >= 0) {
        answer.write(in.array(), 0, in.position());
        in.clear();
      }
      return parse(answer.toString(StandardCharsets.UTF_8));
    } catch (AsynchronousCloseException e) {
      if (timedOut.get()) {
        throw new CaptureException(
            FailureReason.ATTACH_FAILED,
            "the JVM did not answer within " + readTimeout.toMillis() + " ms (timed out)");
      }
      throw new CaptureException(FailureReason.ATTACH_FAILED, "the attach connection was closed");
    } catch (IOException e) {
      throw new CaptureException(
          FailureReason.ATTACH_FAILED, "attach connection failed: " + e.getMessage(), e);
    } finally {
      deadline.cancel(false);
    }
  }

  static AttachResponse parse(String answer) throws CaptureException {
    if (answer.isEmpty()) {
      // The listener drops peers that are neither root nor its own euid and egid.
      throw new CaptureException(
          FailureReason.ATTACH_FAILED,
          "the JVM closed the connection without an answer; the sidecar must run with the JVM's"
              + " uid and gid");
    }
    int newline = answer.indexOf('\n');
    String first = (newline < 0 ? answer : answer.substring(0, newline)).strip();
    try {
      return new AttachResponse(
          Integer.parseInt(first), newline < 0 ? "" : answer.substring(newline + 1));
    } catch (NumberFormatException e) {
      throw new CaptureException(
          FailureReason.ATTACH_FAILED,
          "unexpected answer from the attach listener: " + abbreviate(first));
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= 100 ? text : text.substring(0, 100) + "...";
  }

  static CaptureException interrupted(InterruptedException e) {
    Thread.currentThread().interrupt();
    return new CaptureException(FailureReason.INTERNAL, "interrupted while attaching", e);
  }

  static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("Cannot delete {}: {}", file, e.toString());
    }
  }

  private static void closeQuietly(SocketChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      LOG.debug("Closing attach channel: {}", e.toString());
    }
  }
}
