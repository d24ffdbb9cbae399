package dev.granary.health;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;

/**
 * The distances between a reference and a current distribution, computed from their sketches. Numeric measures
 * share bins cut at the reference's deciles (read from its KLL sketch); a bin's mass in either distribution comes
 * from that distribution's KLL CDF, so each mass is within the sketch's rank error (about 1.65% at k = 200).
 * Categorical measures read the frequent-items sketches (exact while fewer than about 768 distinct values were seen).
 */
public final class Measures {
    /** Reference deciles: ten bins holding about a tenth of the reference each, the usual PSI binning. */
    static final int BINS = 10;
    /** The floor of a bin's mass in PSI and JS, so an empty bin gives a large but finite term. */
    static final double EPSILON = 1e-4;
    /** Points at which the KS distance compares the two CDFs: quantiles of both, at this many ranks each. */
    private static final int KS_POINTS = 200;

    private Measures() {
    }

    /** The bin edges: the reference's distinct inner deciles, increasing. */
    public static double[] edges(KllDoublesSketch reference) {
        double[] ranks = new double[BINS - 1];
        for (int i = 0; i < ranks.length; i++) {
            ranks[i] = (i + 1) / (double) BINS;
        }
        return Arrays.stream(reference.getQuantiles(ranks, QuantileSearchCriteria.INCLUSIVE)).distinct().sorted()
                .toArray();
    }

    /** The mass of each bin {@code (-inf, e1), [e1, e2), ..., [ek, +inf)} under {@code sketch}. */
    public static double[] masses(KllDoublesSketch sketch, double[] edges) {
        if (edges.length == 0) {
            return new double[] {1.0};
        }
        // EXCLUSIVE: the CDF at an edge counts values strictly below it, so a value equal to an edge opens its bin
        double[] cdf = sketch.getCDF(edges, QuantileSearchCriteria.EXCLUSIVE);
        double[] out = new double[cdf.length];
        double previous = 0;
        for (int i = 0; i < cdf.length; i++) {
            out[i] = cdf[i] - previous;
            previous = cdf[i];
        }
        return out;
    }

    /** Population stability index {@code sum (c - r) ln(c / r)} over the bins, masses floored at {@value #EPSILON}. */
    public static double psi(double[] reference, double[] current) {
        double sum = 0;
        for (int i = 0; i < reference.length; i++) {
            double r = Math.max(reference[i], EPSILON);
            double c = Math.max(current[i], EPSILON);
            sum += (c - r) * Math.log(c / r);
        }
        return sum;
    }

    /** Jensen-Shannon divergence in bits, in [0, 1]: 0 for equal distributions, 1 for disjoint ones. */
    public static double jsDivergence(double[] reference, double[] current) {
        double sum = 0;
        for (int i = 0; i < reference.length; i++) {
            double p = Math.max(reference[i], 0);
            double q = Math.max(current[i], 0);
            double m = (p + q) / 2;
            if (p > 0) {
                sum += p * Math.log(p / m);
            }
            if (q > 0) {
                sum += q * Math.log(q / m);
            }
        }
        return Math.min(1, Math.max(0, sum / 2 / Math.log(2)));
    }

    /** The largest difference between the two CDFs, at quantiles of either sketch. */
    public static double ksDistance(KllDoublesSketch reference, KllDoublesSketch current) {
        double[] ranks = new double[KS_POINTS];
        for (int i = 0; i < KS_POINTS; i++) {
            ranks[i] = (i + 0.5) / KS_POINTS;
        }
        double[] points = java.util.stream.DoubleStream.concat(
                Arrays.stream(reference.getQuantiles(ranks, QuantileSearchCriteria.INCLUSIVE)),
                Arrays.stream(current.getQuantiles(ranks, QuantileSearchCriteria.INCLUSIVE)))
                .distinct().sorted().toArray();
        double[] r = reference.getCDF(points, QuantileSearchCriteria.INCLUSIVE);
        double[] c = current.getCDF(points, QuantileSearchCriteria.INCLUSIVE);
        double max = 0;
        for (int i = 0; i < points.length; i++) {
            max = Math.max(max, Math.abs(r[i] - c[i]));
        }
        return max;
    }

    /** The share of current values below {@code min} or above {@code max}. */
    public static double rangeViolations(KllDoublesSketch current, double min, double max) {
        if (current.getMinItem() >= min && current.getMaxItem() <= max) {
            return 0; // exact: the sketch keeps the true extremes
        }
        double below = current.getRank(min, QuantileSearchCriteria.EXCLUSIVE);
        double notAbove = current.getRank(max, QuantileSearchCriteria.INCLUSIVE);
        return Math.max(0, below + (1 - notAbove));
    }

    /** A categorical distribution over shared categories: the categories and each side's shares. */
    public record Categories(List<String> names, double[] reference, double[] current) {
    }

    /**
     * The shares of every category either sketch tracks, plus one bucket for the rest of each side's values (what
     * a sketch past its exact range no longer tracks).
     */
    public static Categories categories(ItemsSketch<String> reference, long referenceValues,
                                        ItemsSketch<String> current, long currentValues) {
        Set<String> names = new java.util.TreeSet<>();
        for (ItemsSketch.Row<String> row : reference.getFrequentItems(ErrorType.NO_FALSE_NEGATIVES)) {
            names.add(row.getItem());
        }
        for (ItemsSketch.Row<String> row : current.getFrequentItems(ErrorType.NO_FALSE_NEGATIVES)) {
            names.add(row.getItem());
        }
        List<String> list = new ArrayList<>(names);
        double[] r = new double[list.size() + 1];
        double[] c = new double[list.size() + 1];
        fill(r, list, reference, referenceValues);
        fill(c, list, current, currentValues);
        return new Categories(list, r, c);
    }

    private static void fill(double[] shares, List<String> names, ItemsSketch<String> sketch, long values) {
        if (values <= 0) {
            return;
        }
        double known = 0;
        for (int i = 0; i < names.size(); i++) {
            shares[i] = (double) sketch.getEstimate(names.get(i)) / values;
            known += shares[i];
        }
        shares[names.size()] = Math.max(0, 1 - known);
    }

    /**
     * The share of {@code current}'s values in categories {@code reference} never saw; 0 when the reference sketch
     * is past its exact range (an untracked category cannot be told from a new one).
     */
    public static double unseenShare(ItemsSketch<String> reference, ItemsSketch<String> current, long currentValues) {
        if (reference.getMaximumError() > 0 || currentValues <= 0) {
            return 0;
        }
        Set<String> seen = new HashSet<>();
        for (ItemsSketch.Row<String> row : reference.getFrequentItems(ErrorType.NO_FALSE_NEGATIVES)) {
            seen.add(row.getItem());
        }
        long unseen = 0;
        for (ItemsSketch.Row<String> row : current.getFrequentItems(ErrorType.NO_FALSE_NEGATIVES)) {
            if (!seen.contains(row.getItem())) {
                unseen += row.getEstimate();
            }
        }
        return Math.min(1, (double) unseen / currentValues);
    }

    /** The categories of {@code sketch} the other sketch lacks, most frequent first, at most {@code limit}. */
    public static List<String> unseen(ItemsSketch<String> sketch, ItemsSketch<String> other, int limit) {
        if (other.getMaximumError() > 0) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        ItemsSketch.Row<String>[] rows = sketch.getFrequentItems(ErrorType.NO_FALSE_NEGATIVES);
        Arrays.sort(rows, (a, b) -> Long.compare(b.getEstimate(), a.getEstimate()));
        for (ItemsSketch.Row<String> row : rows) {
            if (other.getEstimate(row.getItem()) == 0 && out.size() < limit) {
                out.add(row.getItem());
            }
        }
        return out;
    }
}
