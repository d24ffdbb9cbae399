package dev.granary.health;

import dev.granary.offline.stats.FeatureProfile;
import dev.granary.offline.stats.StatisticsKind;
import dev.granary.spec.FeatureServiceSpec;
import dev.granary.spec.HealthMeasure;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Compares one feature's current profile with its reference and judges every measure against the service's
 * thresholds ({@link FeatureServiceSpec#threshold}). Numeric: PSI, JS divergence, KS distance over the reference's
 * decile bins, range violations against the reference's [min, max]; categorical: JS divergence over the frequent
 * values, the share of new and of missing categories; both: the increase of the null rate. Measures given from
 * elsewhere (serving statuses, staleness) are judged alongside.
 */
public final class FeatureComparison {
    /**
     * The fewest values on either side for the distribution measures (PSI, JS, KS, range, categories): below it
     * sampling noise alone reaches the warn levels (PSI's expected value from noise is about bins / n, 0.1 at 90
     * values; the 95% KS critical value is 1.36 / sqrt(n), 0.061 at 500).
     */
    public static final long MIN_VALUES = 500;
    /** New or missing categories listed in a report, at most. */
    static final int CATEGORIES_SHOWN = 10;

    private FeatureComparison() {
    }

    /**
     * @param reference the reference side, or null when it has no data for the feature
     * @param current   the current side, or null when it has no data for the feature
     * @param extra     measures computed elsewhere (serving rates, staleness), judged as they are
     */
    public static FeatureHealth compare(String view, String feature, FeatureProfile reference, FeatureProfile current,
                                        Map<HealthMeasure, Double> extra, FeatureServiceSpec thresholds) {
        List<MeasureValue> measures = new ArrayList<>();
        List<String> added = List.of();
        List<String> missing = List.of();
        String note = "";
        if (reference == null || reference.values() == 0) {
            note = "the reference has no values of this feature";
        } else if (current == null || current.stats().count() == 0) {
            note = "the current window has no rows";
        } else {
            measures.add(judge(HealthMeasure.NULL_RATE_INCREASE, nonValueRate(current) - nonValueRate(reference),
                    view, feature, thresholds));
            if (current.values() == 0) {
                note = "the current window has only nulls";
            } else if (current.values() < MIN_VALUES || reference.values() < MIN_VALUES) {
                note = "too few values to compare distributions (reference " + reference.values() + ", current "
                        + current.values() + "; at least " + MIN_VALUES + " each)";
            } else if (reference.stats().kind() == StatisticsKind.NUMERIC && reference.quantiles() != null
                    && current.quantiles() != null) {
                double[] edges = Measures.edges(reference.quantiles());
                double[] r = Measures.masses(reference.quantiles(), edges);
                double[] c = Measures.masses(current.quantiles(), edges);
                measures.add(judge(HealthMeasure.PSI, Measures.psi(r, c), view, feature, thresholds));
                measures.add(judge(HealthMeasure.JS_DIVERGENCE, Measures.jsDivergence(r, c), view, feature, thresholds));
                measures.add(judge(HealthMeasure.KS_DISTANCE,
                        Measures.ksDistance(reference.quantiles(), current.quantiles()), view, feature, thresholds));
                measures.add(judge(HealthMeasure.RANGE_VIOLATIONS, Measures.rangeViolations(current.quantiles(),
                        reference.stats().min(), reference.stats().max()), view, feature, thresholds));
            } else if (reference.items() != null && current.items() != null) {
                Measures.Categories shares = Measures.categories(reference.items(), reference.values(),
                        current.items(), current.values());
                measures.add(judge(HealthMeasure.JS_DIVERGENCE,
                        Measures.jsDivergence(shares.reference(), shares.current()), view, feature, thresholds));
                measures.add(judge(HealthMeasure.NEW_CATEGORIES,
                        Measures.unseenShare(reference.items(), current.items(), current.values()), view, feature,
                        thresholds));
                measures.add(judge(HealthMeasure.MISSING_CATEGORIES,
                        Measures.unseenShare(current.items(), reference.items(), reference.values()), view, feature,
                        thresholds));
                added = Measures.unseen(current.items(), reference.items(), CATEGORIES_SHOWN);
                missing = Measures.unseen(reference.items(), current.items(), CATEGORIES_SHOWN);
            }
        }
        extra.forEach((measure, value) -> measures.add(judge(measure, value, view, feature, thresholds)));
        List<MeasureValue> causes = measures.stream().filter(m -> m.status() != HealthStatus.OK)
                .sorted(Comparator.comparing(MeasureValue::status, Comparator.reverseOrder())
                        .thenComparing(m -> -m.value() / m.threshold()))
                .toList();
        HealthStatus status = causes.isEmpty() ? HealthStatus.OK : causes.get(0).status();
        return new FeatureHealth(view, feature, status, measures, causes, added, missing,
                reference == null ? null : reference.stats(), current == null ? null : current.stats(), note);
    }

    /** Nulls and NaNs among the rows: both are values a model did not get. */
    private static double nonValueRate(FeatureProfile profile) {
        long count = profile.stats().count();
        return count == 0 ? 0 : (double) (profile.stats().nullCount() + profile.stats().nanCount()) / count;
    }

    private static MeasureValue judge(HealthMeasure measure, double value, String view, String feature,
                                      FeatureServiceSpec thresholds) {
        return MeasureValue.judged(measure, value, thresholds.threshold(measure, view, feature));
    }
}
