package dev.granary.health.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.granary.client.lookup.LookupResult;
import dev.granary.offline.ParquetTables.Column;
import dev.granary.online.FeatureStatus;
import dev.granary.online.FeatureValue;
import dev.granary.online.ReadRow;
import dev.granary.spec.LoggingSpec;
import dev.granary.spec.ValueType;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The sample, the bounded queue and the writer thread of {@link QueuedFeatureLog}, with sinks in memory. */
class QueuedFeatureLogTest {
    private static final Instant AT = Instant.parse("2026-11-23T12:00:00Z");

    static LoggedService service(double rate) {
        return new LoggedService("p", "ranking", 3, new LoggingSpec(rate),
                List.of(new Column("driver_id", ValueType.INT64)), List.of("conv_rate"), List.of(ValueType.FLOAT64));
    }

    static ServedLookup lookup(LoggedService service, long driver) {
        ReadRow row = ReadRow.of(List.of(new FeatureValue(driver / 10.0, AT, FeatureStatus.PRESENT)));
        return new ServedLookup(service, AT, new LookupResult(List.of("driver_id"), List.of(List.of(driver)),
                List.of("conv_rate"), List.of(row)));
    }

    /** A sink keeping what it is given. */
    static final class Kept implements LogSink {
        final List<ServedLookup> lookups = new CopyOnWriteArrayList<>();

        @Override
        public void write(LoggedService service, List<ServedLookup> batch) {
            lookups.addAll(batch);
        }
    }

    @Test
    void theSampleRateHoldsWithinABinomialBound() {
        int draws = 100_000;
        for (double rate : new double[] {0.01, 0.1, 0.5}) {
            for (long seed = 1; seed <= 3; seed++) {
                Kept sink = new Kept();
                SplittableRandom random = new SplittableRandom(seed);
                LoggedService service = service(rate);
                try (QueuedFeatureLog log = new QueuedFeatureLog(sink, draws, 1000, 60_000, random::nextDouble)) {
                    for (int i = 0; i < draws; i++) {
                        log.served(lookup(service, i));
                    }
                    log.flush();
                    assertThat(log.counters().dropped()).isZero();
                }
                // five standard deviations of Binomial(draws, rate): a false failure about once in 3.5 million
                double sd = Math.sqrt(draws * rate * (1 - rate));
                assertThat((double) sink.lookups.size()).as("rate %s seed %s", rate, seed)
                        .isBetween(draws * rate - 5 * sd, draws * rate + 5 * sd);
            }
        }
    }

    @Test
    void rateOneLogsEveryLookupInOrder() {
        Kept sink = new Kept();
        LoggedService service = service(1.0);
        try (QueuedFeatureLog log = new QueuedFeatureLog(sink, 100, 7, 60_000, new SplittableRandom(1)::nextDouble)) {
            for (int i = 0; i < 50; i++) {
                log.served(lookup(service, i));
            }
        }
        assertThat(sink.lookups).extracting(l -> l.result().entityColumns().get(0).get(0))
                .containsExactlyElementsOf(java.util.stream.LongStream.range(0, 50).boxed().toList());
    }

    @Test
    void aStalledWriterMakesTheQueueDropNeverBlock() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Kept kept = new Kept();
        LogSink stalled = (service, batch) -> {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            kept.write(service, batch);
        };
        LoggedService service = service(1.0);
        int capacity = 8;
        QueuedFeatureLog log = new QueuedFeatureLog(stalled, capacity, 1, 60_000, new SplittableRandom(1)::nextDouble);
        log.served(lookup(service, -1));
        entered.await(); // the writer holds the first lookup and is stuck in the sink
        int offered = 10_000;
        for (int i = 0; i < offered; i++) {
            log.served(lookup(service, i)); // returns although nothing drains: the test would hang otherwise
        }
        LogCounters counters = log.counters();
        assertThat(counters.queued()).isEqualTo(1 + capacity);
        assertThat(counters.dropped()).isEqualTo(offered - capacity);
        release.countDown();
        log.close();
        assertThat(kept.lookups).hasSize(1 + capacity);
        assertThat(log.counters().writtenLookups()).isEqualTo(1 + capacity);
    }

    @Test
    void aFailingSinkIsCountedAndTheLogGoesOn() {
        Kept kept = new Kept();
        boolean[] fail = {true};
        LogSink flaky = (service, batch) -> {
            if (fail[0]) {
                fail[0] = false;
                throw new IllegalStateException("disk full");
            }
            kept.write(service, batch);
        };
        LoggedService service = service(1.0);
        try (QueuedFeatureLog log = new QueuedFeatureLog(flaky, 100, 1, 60_000, new SplittableRandom(1)::nextDouble)) {
            log.served(lookup(service, 1));
            log.flush();
            log.served(lookup(service, 2));
            log.flush();
            assertThat(log.counters().failedBatches()).isEqualTo(1);
        }
        assertThat(kept.lookups).hasSize(1);
    }
}
