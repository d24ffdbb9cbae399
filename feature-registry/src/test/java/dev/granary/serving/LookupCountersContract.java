package dev.granary.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.granary.registry.RegistryDatabase;
import dev.granary.registry.TestDatabases;
import dev.granary.spec.FeatureRef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Lookup counts reach the registry's {@code feature_usage} on a real database: every feature's count, added to
 * what is there, and kept for the next flush when one fails. Every registry database passes this suite.
 */
abstract class LookupCountersContract {
    private static final long NEVER = 3_600;
    private RegistryDatabase database;
    private LookupCounters counters;

    private TestDatabases.Fresh fresh;

    /** Where each test gets a registry database of its own, migrated. */
    protected abstract TestDatabases.Fresh fresh();

    @BeforeEach
    void open() {
        fresh = fresh();
        database = fresh.open();
        counters = new LookupCounters(database.dataSource(), NEVER, true);
    }

    @AfterEach
    void close() {
        counters.close();
        database.close();
        fresh.drop();
    }

    @Test
    void aFlushAddsEveryFeaturesCountToWhatTheRegistryHas() throws SQLException {
        List<FeatureRef> refs = IntStream.range(0, 50).mapToObj(i -> new FeatureRef("driver_stats", "f" + i)).toList();
        LongAdder[] rides = counters.counters("rides", refs);
        LongAdder[] trips = counters.counters("trips", refs.subList(0, 2));
        for (int i = 0; i < rides.length; i++) {
            rides[i].add(i + 1);
        }
        trips[1].add(7);
        counters.flush();
        assertThat(lookups("rides", "f0")).isEqualTo(1);
        assertThat(lookups("rides", "f49")).isEqualTo(50);
        assertThat(lookups("trips", "f1")).isEqualTo(7);
        assertThat(lookups("trips", "f0")).as("a feature never looked up has no row").isEqualTo(-1);

        rides[49].add(5);
        counters.counters("rides", refs.subList(0, 1))[0].add(2);
        counters.flush();
        assertThat(lookups("rides", "f49")).isEqualTo(55);
        assertThat(lookups("rides", "f0")).isEqualTo(3);
        assertThat(lookups("rides", "f1")).isEqualTo(2);
        assertThat(lookups("trips", "f1")).isEqualTo(7);
    }

    @Test
    void startingLeavesNothingInTheRegistry() throws SQLException {
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT COUNT(*) FROM feature_usage")) {
            assertThat(r.next()).isTrue();
            assertThat(r.getLong(1)).as("rows left by the start-up run of the flush's statements").isZero();
        }
    }

    @Test
    void lookupsAddToARowAnExportMadeAndLeaveItsExports() throws SQLException {
        execute("INSERT INTO feature_usage (project, view_name, feature, exports, lookups)"
                + " VALUES ('rides', 'driver_stats', 'trips', 3, 10)");
        counters.counters("rides", List.of(new FeatureRef("driver_stats", "trips")))[0].add(5);
        counters.flush();
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT exports, lookups FROM feature_usage WHERE project = 'rides'")) {
            assertThat(r.next()).isTrue();
            assertThat(r.getLong(1)).as("exports").isEqualTo(3);
            assertThat(r.getLong(2)).as("lookups").isEqualTo(15);
            assertThat(r.next()).as("still one row").isFalse();
        }
    }

    @Test
    void aFailedFlushKeepsItsCountsForTheNextOne() throws SQLException {
        List<FeatureRef> refs = List.of(new FeatureRef("driver_stats", "trips"), new FeatureRef("driver_stats", "rating"));
        LongAdder[] adders = counters.counters("rides", refs);
        adders[0].add(3);
        adders[1].add(4);
        execute("ALTER TABLE feature_usage RENAME TO feature_usage_away");
        assertThatThrownBy(counters::flush).isInstanceOf(RuntimeException.class);
        execute("ALTER TABLE feature_usage_away RENAME TO feature_usage");

        adders[0].add(1);
        counters.flush();
        assertThat(lookups("rides", "trips")).isEqualTo(4);
        assertThat(lookups("rides", "rating")).isEqualTo(4);
    }

    private long lookups(String project, String feature) throws SQLException {
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement s = c.prepareStatement("SELECT lookups, exports FROM feature_usage"
                     + " WHERE project = ? AND view_name = 'driver_stats' AND feature = ?")) {
            s.setString(1, project);
            s.setString(2, feature);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return -1;
                }
                assertThat(r.getLong(2)).as("exports are not touched by lookups").isZero();
                return r.getLong(1);
            }
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
