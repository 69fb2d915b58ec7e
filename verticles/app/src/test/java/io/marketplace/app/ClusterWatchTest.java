package io.marketplace.app;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** When a node counts itself outside the main cluster, with and without CLUSTER_MEMBERS. */
class ClusterWatchTest {

    @Test
    @DisplayName("without CLUSTER_MEMBERS a node is outside only when it sees fewer than half of those it was with, "
            + "so either side of a 1-1 split stays inside and a newcomer to the small side is inside too")
    void heuristicAlone() {
        assertThat(ClusterWatch.outsideReason(1, 3, 0, false)).contains("sees 1 of the 3");
        assertThat(ClusterWatch.outsideReason(2, 3, 0, false)).isNull();
        assertThat(ClusterWatch.outsideReason(1, 2, 0, false)).isNull();
        assertThat(ClusterWatch.outsideReason(2, 2, 0, false)).as("a node joining the small half of a 5-node split")
                .isNull();
    }

    @Test
    @DisplayName("with CLUSTER_MEMBERS a node needs a majority of them: each side of a 2-node split is outside, "
            + "and so is a newcomer that joined the small half of a split")
    void expectedMembersMakeAMajority() {
        assertThat(ClusterWatch.outsideReason(1, 2, 2, false)).contains("sees 1 of the 2").contains("CLUSTER_MEMBERS");
        assertThat(ClusterWatch.outsideReason(2, 2, 2, false)).isNull();
        assertThat(ClusterWatch.outsideReason(2, 2, 5, false)).contains("sees 2 of the 5");
        assertThat(ClusterWatch.outsideReason(3, 3, 5, false)).isNull();
        assertThat(ClusterWatch.outsideReason(2, 4, 4, false)).as("two equal halves").isNotNull();
        assertThat(ClusterWatch.outsideReason(2, 6, 3, false)).as("scaled out past the setting, the small side")
                .contains("sees 2 of the 6");
    }

    @Test
    @DisplayName("a node is outside while Hazelcast merges it back, whatever it sees")
    void merging() {
        assertThat(ClusterWatch.outsideReason(3, 3, 3, true)).contains("merging");
    }
}
