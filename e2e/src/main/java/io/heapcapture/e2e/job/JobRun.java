package io.heapcapture.e2e.job;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.heapcapture.e2e.cluster.LocalProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Job from start to finish: runs its container as a local process (again after a failure, up to
 * {@code backoffLimit}), enforces {@code activeDeadlineSeconds}, and writes the status.
 */
final class JobRun implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(JobRun.class);
  private static final int DEFAULT_BACKOFF_LIMIT = 6;
  private static final long DEFAULT_GRACE_SECONDS = 30;
  private static final int TAIL_LINES = 5;
  private static final int TAIL_CHARS = 1024;
  private static final String DEADLINE_MESSAGE = "Job was active longer than specified deadline";

  private enum End {
    EXITED,
    DEADLINE,
    DELETED
  }

  private final KubernetesClient client;
  private final Job job;
  private final String namespace;
  private final String name;
  private final Path dir;
  private final Path logFile;
  private final LocalCommand command;
  private final JobStatuses statuses;
  private final CountDownLatch deleted = new CountDownLatch(1);
  private Process process;

  JobRun(KubernetesClient client, Job job, Path dir, LocalCommand command, JobStatuses statuses) {
    this.client = client;
    this.job = job;
    this.namespace = job.getMetadata().getNamespace();
    this.name = job.getMetadata().getName();
    this.dir = dir;
    this.logFile = dir.resolve("job.log");
    this.command = command;
    this.statuses = statuses;
  }

  Path logFile() {
    return logFile;
  }

  /** The Job is gone (or going): kill its process, write no more status. */
  void delete() {
    Process running;
    synchronized (this) {
      deleted.countDown();
      running = process;
    }
    if (running != null) {
      kill(running);
    }
  }

  @Override
  public void run() {
    try {
      runToEnd();
    } catch (InterruptedException e) {
      delete();
      Thread.currentThread().interrupt();
    } catch (RuntimeException | IOException e) {
      log.error("running Job {}/{} failed; log: {}", namespace, name, logFile, e);
      append("==== the JobRunner failed: " + e);
      Process orphan;
      synchronized (this) {
        orphan = process;
      }
      if (orphan != null && orphan.isAlive()) {
        kill(orphan);
      }
    }
  }

  private void runToEnd() throws InterruptedException, IOException {
    Instant deadline = deadline();
    String startTime = statuses.now();
    int backoffLimit = orDefault(job.getSpec().getBackoffLimit(), DEFAULT_BACKOFF_LIMIT);
    int failed = 0;
    for (int attempt = 1; ; attempt++) {
      Process started;
      try {
        started = start(attempt);
      } catch (ContainerConfigException e) {
        // The kubelet keeps such a pod Pending (CreateContainerConfigError): only the deadline
        // ends it.
        append("==== cannot start the container: " + e.getMessage());
        log.warn("Job {}/{}: cannot start its container: {}", namespace, name, e.getMessage());
        JobStatus pending = write(statuses.active(startTime, failed, false));
        if (pending == null
            || deadline == null
            || deleted.await(millisUntil(deadline), TimeUnit.MILLISECONDS)) {
          return;
        }
        fail(pending, failed + 1, JobStatuses.DEADLINE_EXCEEDED, DEADLINE_MESSAGE);
        return;
      }
      if (started == null) {
        return;
      }
      JobStatus status = write(statuses.active(startTime, failed, true));
      End end = await(started, deadline);
      if (end == End.DELETED || status == null) {
        return;
      }
      if (end == End.DEADLINE) {
        append("==== killed: activeDeadlineSeconds passed");
        fail(status, failed + 1, JobStatuses.DEADLINE_EXCEEDED, DEADLINE_MESSAGE);
        return;
      }
      int exitCode = started.exitValue();
      append("==== exited with code " + exitCode);
      if (exitCode == 0) {
        JobStatus met = write(statuses.successCriteriaMet(status));
        if (met != null) {
          write(statuses.complete(met));
        }
        return;
      }
      failed++;
      if (failed > backoffLimit) {
        fail(status, failed, JobStatuses.BACKOFF_LIMIT_EXCEEDED, exitMessage(exitCode));
        return;
      }
    }
  }

  private void fail(JobStatus status, int failed, String reason, String message) {
    JobStatus target = write(statuses.failureTarget(status, failed, reason, message));
    if (target != null) {
      write(statuses.failed(target, reason, message));
    }
  }

  private String exitMessage(int exitCode) {
    String message =
        "Job has reached the specified backoff limit: container "
            + container().getName()
            + " exited with code "
            + exitCode
            + "; its log ends with:\n"
            + tail();
    return message;
  }

  /** The process of one attempt, with fresh emptyDir folders; null when the Job was deleted. */
  private Process start(int attempt) throws ContainerConfigException, IOException {
    PodSpec pod = job.getSpec().getTemplate().getSpec();
    if (pod.getContainers().size() != 1
        || (pod.getInitContainers() != null && !pod.getInitContainers().isEmpty())) {
      throw new ContainerConfigException("the JobRunner runs exactly one container, no init ones");
    }
    Container container = container();
    Map<String, String> env = ContainerEnv.resolve(client, namespace, container);
    Map<String, Path> mounts = mounts(pod, container, attempt);
    List<String> line = command.of(container, env, mounts);
    ProcessBuilder builder = new ProcessBuilder(line);
    Map<String, String> processEnv = builder.environment();
    String path = processEnv.get("PATH");
    processEnv.clear();
    processEnv.put("PATH", path == null ? "/usr/bin:/bin" : path);
    processEnv.put("HOSTNAME", name);
    processEnv.putAll(env);
    builder.directory(workingDir(container, mounts).toFile());
    builder.redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    append("==== attempt " + attempt + ": " + redacted(line));
    synchronized (this) {
      if (deleted.getCount() == 0) {
        return null;
      }
      process = builder.start();
      log.info("Job {}/{}: started pid {}; log: {}", namespace, name, process.pid(), logFile);
      return process;
    }
  }

  private Map<String, Path> mounts(PodSpec pod, Container container, int attempt)
      throws ContainerConfigException, IOException {
    Map<String, Path> mounts = new LinkedHashMap<>();
    if (container.getVolumeMounts() == null) {
      return mounts;
    }
    for (VolumeMount mount : container.getVolumeMounts()) {
      Volume volume =
          pod.getVolumes() == null
              ? null
              : pod.getVolumes().stream()
                  .filter(v -> v.getName().equals(mount.getName()))
                  .findFirst()
                  .orElse(null);
      if (volume == null || volume.getEmptyDir() == null) {
        throw new ContainerConfigException(
            "volume " + mount.getName() + ": the JobRunner plays emptyDir volumes only");
      }
      Path local =
          Files.createDirectories(dir.resolve("volumes").resolve(attempt + "-" + mount.getName()));
      mounts.put(mount.getMountPath(), local);
    }
    return mounts;
  }

  private Path workingDir(Container container, Map<String, Path> mounts) {
    String workingDir = container.getWorkingDir();
    if (workingDir != null && mounts.containsKey(workingDir)) {
      return mounts.get(workingDir);
    }
    return dir;
  }

  private End await(Process started, Instant deadline) throws InterruptedException {
    if (deadline == null) {
      started.waitFor();
    } else if (!started.waitFor(millisUntil(deadline), TimeUnit.MILLISECONDS)) {
      kill(started);
      return deleted.getCount() == 0 ? End.DELETED : End.DEADLINE;
    }
    return deleted.getCount() == 0 ? End.DELETED : End.EXITED;
  }

  /** SIGTERM, then SIGKILL after the pod's termination grace period, as the kubelet does. */
  private void kill(Process victim) {
    LocalProcess.terminate(
        victim,
        orDefault(
            job.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds(),
            DEFAULT_GRACE_SECONDS));
  }

  /** Writes the status through the status subresource; null when the Job is gone. */
  private JobStatus write(JobStatus status) {
    if (deleted.getCount() == 0) {
      return null;
    }
    try {
      Job written =
          client
              .batch()
              .v1()
              .jobs()
              .inNamespace(namespace)
              .withName(name)
              .editStatus(
                  current -> {
                    current.setStatus(status);
                    return current;
                  });
      return written.getStatus();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return null;
      }
      throw e;
    }
  }

  private Instant deadline() {
    Long seconds = job.getSpec().getActiveDeadlineSeconds();
    return seconds == null ? null : Instant.now().plusSeconds(seconds);
  }

  private static long millisUntil(Instant deadline) {
    return Math.max(0, Duration.between(Instant.now(), deadline).toMillis());
  }

  private Container container() {
    return job.getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  /** The last lines the process wrote, without the runner's own "====" lines. */
  private String tail() {
    try {
      List<String> lines =
          Files.readAllLines(logFile, StandardCharsets.UTF_8).stream()
              .filter(l -> !l.startsWith("==== "))
              .toList();
      String tail =
          String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
      return tail.length() <= TAIL_CHARS ? tail : tail.substring(tail.length() - TAIL_CHARS);
    } catch (IOException | UncheckedIOException e) {
      return "(cannot read " + logFile + ": " + e.getMessage() + ")";
    }
  }

  /** The command line for the log: URLs lose their query string (presigned signatures). */
  private static String redacted(List<String> line) {
    StringBuilder s = new StringBuilder();
    for (String argument : line) {
      boolean url = argument.startsWith("http://") || argument.startsWith("https://");
      int query = argument.indexOf('?');
      s.append(s.length() == 0 ? "" : " ")
          .append(url && query >= 0 ? argument.substring(0, query) + "?..." : argument);
    }
    return s.toString();
  }

  private void append(String line) {
    try {
      Files.writeString(
          logFile,
          line + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      log.warn("cannot write {}: {}", logFile, e.toString());
    }
  }

  private static int orDefault(Integer value, int fallback) {
    return value == null ? fallback : value;
  }

  private static long orDefault(Long value, long fallback) {
    return value == null ? fallback : value;
  }
}
