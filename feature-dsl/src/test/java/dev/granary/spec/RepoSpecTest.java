package dev.granary.spec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RepoSpecTest {

    @Test
    void featureTypeOfPlainFeaturesAndAggregations() {
        RepoSpec rides = Samples.rides();

        assertThat(rides.featureType("driver_stats", "trips")).contains(ValueType.INT64);
        assertThat(rides.featureType("customer_profile", "segment")).contains(ValueType.STRING);
        assertThat(rides.featureType("driver_activity", "conv_count_1d")).contains(ValueType.INT64);
        assertThat(rides.featureType("driver_activity", "conv_mean_1d")).contains(ValueType.FLOAT64);
        // SUM(trips): driver_activity has no plain feature reading 'trips', so only the Parquet schema can tell
        assertThat(rides.featureType("driver_activity", "trips_7d")).isEmpty();
        assertThat(rides.featureType("driver_stats", "nope")).isEmpty();
        assertThat(rides.featureType("nope", "trips")).isEmpty();
    }

    @Test
    void statedColumnTypeComesFromFeaturesJoinKeysAndTheEventTimestamp() {
        RepoSpec rides = Samples.rides();
        FeatureViewSpec profile = rides.featureView("customer_profile").orElseThrow();

        assertThat(rides.statedColumnType(profile, "customer_segment")).contains(ValueType.STRING);
        assertThat(rides.statedColumnType(profile, "segment")).isEmpty();
        assertThat(rides.statedColumnType(profile, "customer_id")).contains(ValueType.INT64);
        assertThat(rides.statedColumnType(profile, "event_timestamp")).contains(ValueType.TIMESTAMP);
    }
}
