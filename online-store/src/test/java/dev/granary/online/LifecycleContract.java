package dev.granary.online;

import static dev.granary.online.OnlineStoreUnderTest.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The {@link OnlineStore} contract, part: what outlives the store object and what removes data: reopening, deletes,
 * and input refused before anything is written.
 */
public interface LifecycleContract extends OnlineStoreUnderTest {

    @Test
    default void deleteViewAndDeleteProjectRemoveOnlyWhatTheyName() {
        store().write(PROJECT, DRIVER, DRIVER_FEATURES, List.of(row(EntityKey.of(1), T0, 0.1, 1L), row(EntityKey.of(2), T0, 0.2, 2L)));
        store().write(PROJECT, CUSTOMER, List.of("age"), List.of(row(EntityKey.of("c"), T0, 3)));
        store().write("other", DRIVER, DRIVER_FEATURES, List.of(row(EntityKey.of(1), T0, 0.9, 9L)));

        assertThat(store().deleteView(PROJECT, DRIVER.name())).isEqualTo(2);
        assertThat(readOne(DRIVER, List.of("trips"), EntityKey.of(1), T0)).containsOnly(FeatureValue.NOT_FOUND);
        assertThat(readOne(CUSTOMER, List.of("age"), EntityKey.of("c"), T0).get(0).value()).isEqualTo(3);

        assertThat(store().deleteProject(PROJECT)).isEqualTo(1);
        assertThat(readOne(CUSTOMER, List.of("age"), EntityKey.of("c"), T0)).containsOnly(FeatureValue.NOT_FOUND);
        assertThat(store().read("other", DRIVER, List.of("trips"), List.of(EntityKey.of(1)), T0).get(0).get(0).value())
                .isEqualTo(9L);
        store().deleteProject("other");
    }

    @Test
    default void aReopenedStoreSeesWhatWasWritten() throws Exception {
        store().write(PROJECT, DRIVER, DRIVER_FEATURES, List.of(row(EntityKey.of(1), T0, 0.1, 1L)));

        restart();

        assertThat(readOne(DRIVER, DRIVER_FEATURES, EntityKey.of(1), T0)).containsExactly(
                new FeatureValue(0.1, T0, FeatureStatus.PRESENT), new FeatureValue(1L, T0, FeatureStatus.PRESENT));
        store().ping();
    }

    @Test
    default void badInputIsRejectedBeforeAnyRowIsWritten() {
        List<OnlineRow> rows = new ArrayList<>(IntStream.range(0, 10).mapToObj(i -> row(EntityKey.of(i), T0, 0.5, 1L)).toList());
        rows.set(7, row(EntityKey.of(7), T0, 0.5, "seven"));

        assertThatThrownBy(() -> store().write(PROJECT, DRIVER, DRIVER_FEATURES, rows))
                .isInstanceOf(InvalidOnlineRequestException.class).hasMessageContaining("trips").hasMessageContaining("INT64");
        assertThat(store().read(PROJECT, DRIVER, DRIVER_FEATURES, IntStream.range(0, 10).mapToObj(EntityKey::of).toList(), T0))
                .allSatisfy(r -> assertThat(r).containsOnly(FeatureValue.NOT_FOUND));
        assertThatThrownBy(() -> store().write(PROJECT, DRIVER, List.of("nope"), List.of(row(EntityKey.of(1), T0, 1L))))
                .isInstanceOf(InvalidOnlineRequestException.class).hasMessageContaining("nope").hasMessageContaining("driver_stats");
        assertThatThrownBy(() -> store().write(PROJECT, DRIVER, DRIVER_FEATURES, List.of(row(EntityKey.of(1), T0, 0.5))))
                .isInstanceOf(InvalidOnlineRequestException.class).hasMessageContaining("row 0");
        assertThatThrownBy(() -> store().read("bad:project", DRIVER, DRIVER_FEATURES, List.of(EntityKey.of(1)), T0))
                .isInstanceOf(InvalidOnlineRequestException.class).hasMessageContaining("bad:project");
        assertThatThrownBy(() -> EntityKey.of(1.5)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Double");
    }
}
