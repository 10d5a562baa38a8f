package io.heapcapture.operator.analysis;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.heapcapture.api.v1alpha1.HeapCapture;
import java.util.List;
import java.util.Optional;

/** What the analysis needs from the cluster. */
public interface AnalysisJobs {
  /** Creates the Secret and the Job; either may already exist from an earlier attempt. */
  void create(Secret secret, Job job);

  /** Reads a Job from the API server (not a cache). */
  Optional<Job> find(String namespace, String name);

  /** Deletes the Secret with the Job's presigned URLs once they are no longer needed. */
  void forgetUrls(String namespace, String name);

  /** The HeapCaptures of a namespace, where baselines are looked for. */
  List<HeapCapture> capturesIn(String namespace);
}
