package dev.granary.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.granary.online.FeatureStatus;
import dev.granary.online.FeatureValue;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class OnlineFeaturesTest {
    private static final Instant T = Instant.parse("2026-12-02T00:00:00Z");

    private static FeatureValue present(Object value) {
        return new FeatureValue(value, T, FeatureStatus.PRESENT);
    }

    @Test
    void typedAccessorsConvertNumbersAndKeepNulls() {
        OnlineFeatures answer = new OnlineFeatures(
                OnlineFeatures.Columns.of(List.of("driver_id", "rate", "trips", "small", "ratio32", "gone")),
                List.of(List.of(1001L)),
                List.of(List.of(present(0.25), present(12L), present(7), present(1.5f),
                        new FeatureValue(null, T, FeatureStatus.OUTSIDE_MAX_AGE))));
        OnlineFeatures.Row row = answer.row(0);

        assertThat(row.getDouble("rate")).isEqualTo(0.25);
        assertThat(row.getDouble("trips")).isEqualTo(12.0);
        assertThat(row.getDouble("small")).isEqualTo(7.0);
        assertThat(row.getDouble("ratio32")).isEqualTo(1.5);
        assertThat(row.getLong("trips")).isEqualTo(12L);
        assertThat(row.getLong("small")).isEqualTo(7L);
        assertThat(row.getLong("driver_id")).isEqualTo(1001L);
        assertThat(row.getDouble("gone")).isNull();
        for (String name : List.of("rate", "trips", "small", "ratio32", "driver_id")) {
            assertThat(row.getDouble(name, -1.0)).as(name).isEqualTo(row.getDouble(name));
        }
        assertThat(row.getDouble("gone", -1.0)).isEqualTo(-1.0);
        assertThat(row.getLong("gone")).isNull();
        assertThat(row.status("gone")).isEqualTo(FeatureStatus.OUTSIDE_MAX_AGE);
        assertThatThrownBy(() -> row.getDouble("nope")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rate");
    }
}
