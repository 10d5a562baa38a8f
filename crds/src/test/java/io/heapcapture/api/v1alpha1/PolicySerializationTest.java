package io.heapcapture.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A policy survives the client's copies: java-operator-sdk clones every resource it reconciles. */
class PolicySerializationTest {

  @Test
  void anOutOfMemoryTriggerWithoutSettingsIsWrittenAsAnEmptyObjectAndReadBack() {
    HeapCapturePolicy policy = new HeapCapturePolicy();
    policy.setMetadata(new ObjectMetaBuilder().withName("oom").withNamespace("shop").build());
    HeapCapturePolicySpec spec = new HeapCapturePolicySpec();
    PolicyTrigger trigger = new PolicyTrigger();
    trigger.setName("oom");
    trigger.setOutOfMemory(new OutOfMemoryTrigger());
    spec.setTriggers(List.of(trigger));
    policy.setSpec(spec);

    String yaml = Serialization.asYaml(policy);
    HeapCapturePolicy copy = Serialization.clone(policy);

    assertThat(yaml).contains("outOfMemory: {}");
    assertThat(copy.getSpec().getTriggers().get(0).getOutOfMemory()).isNotNull();
    assertThat(Serialization.unmarshal(yaml, HeapCapturePolicy.class).getSpec().getTriggers())
        .singleElement()
        .satisfies(t -> assertThat(t.getOutOfMemory()).isNotNull());
  }
}
