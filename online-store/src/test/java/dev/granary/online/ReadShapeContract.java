package dev.granary.online;

import static dev.granary.online.OnlineStoreUnderTest.row;
import static dev.granary.online.OnlineStoreUnderTest.view;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.granary.spec.FeatureSpec;
import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.ValueType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The {@link OnlineStore} contract, part: what a read returns for its keys: one row per requested entity, in
 * request order, keys compared by value, several views side by side.
 */
public interface ReadShapeContract extends OnlineStoreUnderTest {

    @Test
    default void compositeKeysAreDistinctAndIntegerWidthsAreTheSameKey() {
        FeatureViewSpec pair = view("pair", List.of("driver", "city"), 0, List.of(new FeatureSpec("v", ValueType.STRING)));
        store().write(PROJECT, pair, List.of("v"), List.of(
                row(EntityKey.of(1, "a"), T0, "1a"), row(EntityKey.of(1, "b"), T0, "1b"),
                row(EntityKey.of("1", "a"), T0, "s1a"), row(EntityKey.of(1), T0, "1")));

        List<ReadRow> read = store().read(PROJECT, pair, List.of("v"), List.of(EntityKey.of(1L, "b"),
                EntityKey.of((short) 1, "a"), EntityKey.of("1", "a"), EntityKey.of(1), EntityKey.of("a", 1)), T0);

        assertThat(read).extracting(r -> r.get(0).value()).containsExactly("1b", "1a", "s1a", "1", null);
    }

    @Test
    default void manyEntitiesInOneReadComeBackInInputOrder() {
        List<OnlineRow> rows = IntStream.range(0, 500).mapToObj(i -> row(EntityKey.of("d" + i), T0, i * 0.5, (long) i)).toList();
        store().write(PROJECT, DRIVER, DRIVER_FEATURES, rows);
        List<Integer> order = new ArrayList<>(IntStream.range(0, 600).boxed().toList());
        order.add(7);
        Collections.shuffle(order, new Random(3));

        List<ReadRow> read = store().read(PROJECT, DRIVER, List.of("trips", "conv_rate"),
                order.stream().map(i -> EntityKey.of("d" + i)).toList(), T0);

        assertThat(read).hasSize(order.size());
        for (int i = 0; i < order.size(); i++) {
            int e = order.get(i);
            assertThat(read.get(i)).as("position " + i).containsExactly(e < 500
                    ? new FeatureValue[] {new FeatureValue((long) e, T0, FeatureStatus.PRESENT),
                        new FeatureValue(e * 0.5, T0, FeatureStatus.PRESENT)}
                    : new FeatureValue[] {FeatureValue.NOT_FOUND, FeatureValue.NOT_FOUND});
        }
    }

    @Test
    default void multiViewReadConcatenatesEachViewsFeaturesPerRequestRow() {
        store().write(PROJECT, DRIVER, DRIVER_FEATURES, List.of(row(EntityKey.of(1), T0, 0.1, 10L), row(EntityKey.of(2), T0, 0.2, 20L)));
        store().write(PROJECT, CUSTOMER, List.of("tier", "age"), List.of(row(EntityKey.of("c1"), T0.plusSeconds(5), "gold", 40)));

        List<ReadRow> read = store().read(PROJECT, List.of(
                new ViewRead(DRIVER, List.of("trips"), List.of(EntityKey.of(2), EntityKey.of(1))),
                new ViewRead(CUSTOMER, List.of("age", "tier"), List.of(EntityKey.of("c1"), EntityKey.of("c9")))), T0);

        assertThat(List.<List<FeatureValue>>copyOf(read)).containsExactly(
                List.of(new FeatureValue(20L, T0, FeatureStatus.PRESENT), new FeatureValue(40, T0.plusSeconds(5), FeatureStatus.PRESENT),
                        new FeatureValue("gold", T0.plusSeconds(5), FeatureStatus.PRESENT)),
                List.of(new FeatureValue(10L, T0, FeatureStatus.PRESENT), FeatureValue.NOT_FOUND, FeatureValue.NOT_FOUND));
        assertThatThrownBy(() -> store().read(PROJECT, List.of(new ViewRead(DRIVER, List.of("trips"), List.of(EntityKey.of(1))),
                new ViewRead(CUSTOMER, List.of("age"), List.of())), T0))
                .isInstanceOf(InvalidOnlineRequestException.class).hasMessageContaining("customer_profile");
    }
}
