package io.heapcapture.e2e.job;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.heapcapture.e2e.cluster.ExitCleanup;
import io.heapcapture.e2e.cluster.Testbed;
import io.heapcapture.e2e.pod.Artifacts;
import io.heapcapture.operator.analysis.AnalysisJobTemplate;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the Job controller and the kubelet for batch/v1 Jobs: watches Jobs in all namespaces and
 * runs each new Job's single container as a local process, then writes the Job's status as the Job
 * controller does ({@code startTime} and {@code active}; then {@code SuccessCriteriaMet} and {@code
 * Complete}, or {@code FailureTarget} and {@code Failed} with reason {@code BackoffLimitExceeded}
 * or {@code DeadlineExceeded}).
 *
 * <p>What it plays: {@code command}/{@code args} with {@code $(VAR)} expansion; {@code env} from
 * {@code value}, {@code secretKeyRef} and {@code configMapKeyRef}; {@code emptyDir} mounts (a fresh
 * local folder per attempt, substituted for the mount path in arguments); {@code
 * resources.limits.memory} as {@code -XX:MaxRAM} for {@code java}; {@code backoffLimit} (without
 * the back-off delay); {@code activeDeadlineSeconds}; {@code suspend}; deletion (kills the
 * process). {@code java} is this JDK, {@value #ANALYZER_JAR} the built analyzer jar. A container
 * that cannot start (a missing Secret, an unsupported volume) leaves the Job active, as a Pending
 * pod would, and its log says why.
 *
 * <p>Known differences from a real cluster: no Pod objects are created (the runner skips the pod
 * level, so nothing can be read from Pods or their logs through the API: use {@link #logOf}); one
 * container per Job and one completion; no image, no user, no resource limit other than the JVM's
 * own sizing; no back-off delay between attempts; no pod failure or success policies.
 */
public final class JobRunner implements AutoCloseable {
  /** Where the analyzer image keeps its jar; the runner runs the built shaded jar instead. */
  /** Where the analyzer image keeps its jar: the operator's Jobs run it from there. */
  public static final String ANALYZER_JAR = AnalysisJobTemplate.ANALYZER_JAR;

  private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

  private final KubernetesClient client;
  private final Map<String, Supplier<Path>> imageFiles;
  private final JobStatuses statuses = new JobStatuses(Clock.systemUTC());
  private final Map<String, JobRun> runsByUid = new ConcurrentHashMap<>();
  private final Map<String, JobRun> latestByName = new ConcurrentHashMap<>();
  private final ExecutorService workers =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "job-runner");
            t.setDaemon(true);
            return t;
          });
  private SharedIndexInformer<Job> informer;
  private boolean closed;

  public JobRunner(KubernetesClient client) {
    this(client, Map.of(ANALYZER_JAR, Artifacts::analyzerJar));
  }

  /** {@code imageFiles}: files of the images the Jobs name, and where the built ones are. */
  public JobRunner(KubernetesClient client, Map<String, Supplier<Path>> imageFiles) {
    this.client = client;
    this.imageFiles = imageFiles;
  }

  /** Starts watching Jobs; Jobs that already have a start time are left alone. */
  public synchronized JobRunner start() {
    if (informer == null) {
      informer = client.batch().v1().jobs().inAnyNamespace().inform(new Handler(), 0);
      ExitCleanup.register(this);
      log.info("JobRunner watching Jobs in all namespaces");
    }
    return this;
  }

  /** The file with the stdout and stderr of the latest run of this Job. */
  public Path logOf(String namespace, String name) {
    JobRun run = latestByName.get(namespace + "/" + name);
    if (run == null) {
      throw new IllegalArgumentException("the JobRunner has not run Job " + namespace + "/" + name);
    }
    return run.logFile();
  }

  private synchronized void consider(Job job) {
    String uid = job.getMetadata().getUid();
    if (closed || runsByUid.containsKey(uid) || !isRunnable(job)) {
      return;
    }
    String key = job.getMetadata().getNamespace() + "/" + job.getMetadata().getName();
    Path dir = Testbed.newRunDir("job-" + job.getMetadata().getName());
    LocalCommand command = new LocalCommand(Artifacts.java(), imageFiles);
    JobRun run = new JobRun(client, job, dir, command, statuses);
    runsByUid.put(uid, run);
    latestByName.put(key, run);
    log.info("Job {} runs in {}", key, dir);
    workers.execute(run);
  }

  private static boolean isRunnable(Job job) {
    boolean started = job.getStatus() != null && job.getStatus().getStartTime() != null;
    boolean suspended = Boolean.TRUE.equals(job.getSpec().getSuspend());
    return !started && !suspended && job.getMetadata().getDeletionTimestamp() == null;
  }

  private synchronized void deleted(Job job) {
    JobRun run = runsByUid.get(job.getMetadata().getUid());
    if (run != null && !closed) {
      log.info(
          "Job {}/{} deleted: stopping its process",
          job.getMetadata().getNamespace(),
          job.getMetadata().getName());
      workers.execute(run::delete);
    }
  }

  /** Stops watching and kills every process still running. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      ExitCleanup.unregister(this);
      if (informer != null) {
        informer.close();
      }
    }
    runsByUid.values().forEach(JobRun::delete);
    workers.shutdownNow();
  }

  private final class Handler implements ResourceEventHandler<Job> {
    @Override
    public void onAdd(Job job) {
      consider(job);
    }

    @Override
    public void onUpdate(Job before, Job job) {
      if (job.getMetadata().getDeletionTimestamp() != null) {
        deleted(job);
      } else {
        consider(job);
      }
    }

    @Override
    public void onDelete(Job job, boolean finalStateUnknown) {
      deleted(job);
    }
  }

  @Override
  public String toString() {
    return "JobRunner (" + runsByUid.size() + " Jobs run)";
  }
}
