package io.heapcapture.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.heapcapture.api.v1alpha1.OomKill;
import io.heapcapture.operator.capture.TargetPod;
import java.util.List;
import org.junit.jupiter.api.Test;

class OomKillsTest {
  @Test
  void eachKillIsNewOnceAndCounted() {
    TargetPod killed = new TargetPod(PolicyFixtures.oomKilled("orders-1", "2026-03-01T10:00:00Z"));
    TargetPod healthy = PolicyFixtures.pod("orders-2", true);

    OomKills.Observation first = OomKills.observe(List.of(killed, healthy), List.of());
    assertThat(first.fresh())
        .containsExactly(new OomKills.Kill("orders-1", "app", "2026-03-01T10:00:00Z"));
    assertThat(first.status()).singleElement().extracting(OomKill::getCount).isEqualTo(1);

    OomKills.Observation again = OomKills.observe(List.of(killed, healthy), first.status());
    assertThat(again.fresh()).isEmpty();
    assertThat(again.status()).singleElement().extracting(OomKill::getCount).isEqualTo(1);

    TargetPod killedAgain =
        new TargetPod(PolicyFixtures.oomKilled("orders-1", "2026-03-01T10:05:00Z"));
    OomKills.Observation second = OomKills.observe(List.of(killedAgain), again.status());
    assertThat(second.fresh()).hasSize(1);
    assertThat(second.status().get(0).getCount()).isEqualTo(2);
    assertThat(second.status().get(0).getLastAt()).isEqualTo("2026-03-01T10:05:00Z");
  }
}
