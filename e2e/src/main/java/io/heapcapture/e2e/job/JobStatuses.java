package io.heapcapture.e2e.job;

import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The Job statuses the Job controller writes, in the order the API server accepts them: it refuses
 * {@code Complete} without {@code SuccessCriteriaMet} and without {@code completionTime}, {@code
 * completionTime} on a Job that is not Complete, {@code Failed} without {@code FailureTarget}, a
 * finished Job without {@code startTime}, and {@code active > 0} on a finished Job.
 */
final class JobStatuses {
  static final String COMPLETIONS_REACHED = "CompletionsReached";
  static final String BACKOFF_LIMIT_EXCEEDED = "BackoffLimitExceeded";
  static final String DEADLINE_EXCEEDED = "DeadlineExceeded";

  private final Clock clock;

  JobStatuses(Clock clock) {
    this.clock = clock;
  }

  String now() {
    return Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** One pod active (after {@code failed} failed ones): running and ready, or pending. */
  JobStatus active(String startTime, int failed, boolean ready) {
    JobStatus status = base(startTime, failed);
    status.setActive(1);
    status.setReady(ready ? 1 : 0);
    return status;
  }

  /** Step one of success: the pod is gone and counted; the Job is not Complete yet. */
  JobStatus successCriteriaMet(JobStatus previous) {
    JobStatus status = base(previous.getStartTime(), previous.getFailed());
    status.setSucceeded(1);
    status.setConditions(
        List.of(
            condition(
                "SuccessCriteriaMet",
                COMPLETIONS_REACHED,
                "Reached expected number of succeeded pods")));
    return status;
  }

  /** Step two of success: Complete, with completionTime. */
  JobStatus complete(JobStatus previous) {
    JobStatus status = copy(previous);
    status.setCompletionTime(now());
    status.setConditions(
        with(
            previous,
            condition(
                "Complete", COMPLETIONS_REACHED, "Reached expected number of succeeded pods")));
    return status;
  }

  /** Step one of failure: no pod active; the Job is bound to fail. */
  JobStatus failureTarget(JobStatus previous, int failed, String reason, String message) {
    JobStatus status = base(previous.getStartTime(), failed);
    status.setConditions(List.of(condition("FailureTarget", reason, message)));
    return status;
  }

  /** Step two of failure: Failed (no completionTime: only Complete Jobs have one). */
  JobStatus failed(JobStatus previous, String reason, String message) {
    JobStatus status = copy(previous);
    status.setConditions(with(previous, condition("Failed", reason, message)));
    return status;
  }

  private static JobStatus base(String startTime, Integer failed) {
    JobStatus status = new JobStatus();
    status.setStartTime(startTime);
    status.setActive(0);
    status.setReady(0);
    status.setTerminating(0);
    status.setSucceeded(0);
    status.setFailed(failed == null ? 0 : failed);
    return status;
  }

  private static JobStatus copy(JobStatus previous) {
    JobStatus status = base(previous.getStartTime(), previous.getFailed());
    status.setActive(previous.getActive());
    status.setReady(previous.getReady());
    status.setSucceeded(previous.getSucceeded());
    status.setCompletionTime(previous.getCompletionTime());
    status.setConditions(previous.getConditions());
    return status;
  }

  private static List<JobCondition> with(JobStatus previous, JobCondition added) {
    List<JobCondition> conditions = new ArrayList<>();
    if (previous.getConditions() != null) {
      conditions.addAll(previous.getConditions());
    }
    conditions.add(added);
    return conditions;
  }

  private JobCondition condition(String type, String reason, String message) {
    String now = now();
    return new JobConditionBuilder()
        .withType(type)
        .withStatus("True")
        .withReason(reason)
        .withMessage(message)
        .withLastProbeTime(now)
        .withLastTransitionTime(now)
        .build();
  }
}
