package dev.downbeat.dsp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HitQueueTest {
    /** The queue's hits, earliest first, as "frame piece velocity". */
    private static List<String> hits(HitQueue queue) {
        List<String> hits = new ArrayList<>();
        for (int i = 0; i < queue.size(); i++) {
            hits.add(queue.frame(i) + " " + queue.piece(i) + " " + queue.velocity(i));
        }
        return hits;
    }

    @Test
    void hitsLeaveInFrameOrderWhateverOrderTheyCameIn() {
        HitQueue queue = new HitQueue(8);
        queue.add(300, 0, 1f);
        queue.add(100, 1, 0.5f);
        queue.add(200, 2, 0.25f);
        assertThat(hits(queue)).containsExactly("100 1 0.5", "200 2 0.25", "300 0 1.0");
    }

    @Test
    void hitsOnTheSameFrameKeepTheOrderTheyWereAddedIn() {
        HitQueue queue = new HitQueue(8);
        queue.add(50, 4, 1f);
        queue.add(50, 2, 1f);
        queue.add(10, 8, 1f);
        queue.add(50, 0, 1f);
        assertThat(hits(queue)).containsExactly("10 8 1.0", "50 4 1.0", "50 2 1.0", "50 0 1.0");
    }

    @Test
    void aFullQueueRefusesAHitAndKeepsTheOthers() {
        HitQueue queue = new HitQueue(2);
        assertThat(queue.add(20, 0, 1f)).isTrue();
        assertThat(queue.add(30, 1, 1f)).isTrue();
        assertThat(queue.add(10, 2, 1f)).as("a third hit, even an earlier one").isFalse();
        assertThat(hits(queue)).containsExactly("20 0 1.0", "30 1 1.0");
    }

    @Test
    void releasingTheEarliestAndMovingTheClockKeepTheRestInOrder() {
        HitQueue queue = new HitQueue(8);
        for (int i = 0; i < 5; i++) {
            queue.add(100L * i, i, 1f);
        }
        queue.removeFirst(0);
        queue.removeFirst(2);
        queue.advance(150);
        assertThat(hits(queue)).containsExactly("50 2 1.0", "150 3 1.0", "250 4 1.0");
        queue.clear();
        assertThat(queue.size()).isZero();
        assertThat(queue.add(5, 1, 1f)).as("room again after clear").isTrue();
    }

    @Test
    void queuingAndReleasingAllocateNothing() {
        HitQueue queue = new HitQueue(64);
        Runnable rounds = () -> {
            for (int round = 0; round < 1000; round++) {
                for (int i = 0; i < 9; i++) {
                    queue.add(900 - 100L * i, i, 0.5f);
                }
                queue.removeFirst(4);
                queue.advance(256);
                queue.clear();
            }
        };
        assertThat(AllocationCount.fewestBytes(rounds, 10)).isZero();
    }
}
