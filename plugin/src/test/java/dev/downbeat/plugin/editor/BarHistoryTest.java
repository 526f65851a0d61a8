package dev.downbeat.plugin.editor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** "Export all" is the whole take: every bar seen, as it finally was; a new take starts afresh. */
class BarHistoryTest {
    private static BarView bar(long n, int firstStep, BarState state) {
        int[] steps = new int[16];
        steps[0] = firstStep;
        return new BarView(n, steps, 1f, state);
    }

    private static GridView view(long playhead, BarView... bars) {
        return new GridView(new int[32], 10, List.of(bars), playhead, 0, 16, 4, 120);
    }

    @Test
    void keepsEveryBarOfTheTakeInItsLatestVersionAndStartsOverWithANewTake() {
        BarHistory history = new BarHistory();
        history.record(view(-1, bar(0, 32, BarState.UPCOMING)));
        history.record(view(-1, bar(0, 64, BarState.UPCOMING))); // before any take: what the view shows
        assertThat(history.all()).hasSize(1);
        assertThat(history.all().get(0).steps()[0]).isEqualTo(64);
        history.record(view(0, bar(0, 1, BarState.PLAYING), bar(1, 2, BarState.UPCOMING)));
        history.record(view(1, bar(0, 1, BarState.PLAYED), bar(1, 4, BarState.PLAYING), bar(2, 8, BarState.UPCOMING)));
        history.record(view(5, bar(4, 1, BarState.PLAYED), bar(5, 1, BarState.PLAYING)));
        assertThat(history.all()).extracting(BarView::number).containsExactly(0L, 1L, 2L, 4L, 5L);
        assertThat(history.all().get(1).steps()[0]).as("bar 1 as it played, not as first written").isEqualTo(4);
        history.record(view(-1, bar(0, 16, BarState.UPCOMING))); // stopped: the next take's opening bar
        assertThat(history.all()).extracting(BarView::number).containsExactly(0L, 1L, 2L, 4L, 5L);
        assertThat(history.all().get(0).steps()[0]).isEqualTo(1);
        history.record(view(0, bar(0, 16, BarState.PLAYING)));
        assertThat(history.all()).extracting(BarView::number).containsExactly(0L);
        assertThat(history.all().get(0).steps()[0]).isEqualTo(16);
    }

    @Test
    void keepsAtMostTheLimitDroppingTheOldest() {
        BarHistory history = new BarHistory();
        for (long n = 0; n < BarHistory.LIMIT + 10; n++) history.record(view(n, bar(n, 1, BarState.PLAYING)));
        assertThat(history.all()).hasSize(BarHistory.LIMIT);
        assertThat(history.all().get(0).number()).isEqualTo(10L);
    }
}
