package dev.granary.bench.relevance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The measures of one judged query over the first ten results it got ({@code project/view:feature} ids, best
 * first).
 *
 * <ul>
 *   <li>nDCG@10: gain {@code 2^grade - 1} (3 for the one wanted, 1 for acceptable) discounted by
 *       {@code log2(rank + 1)}, over the best possible order of the judged results.</li>
 *   <li>Reciprocal rank of the first result judged 2 (0 when none is in the first ten).</li>
 *   <li>Recall@10: judged results (grade 1 or 2) in the first ten, over the number judged (at most 10).</li>
 * </ul>
 * A query that should find nothing scores 1 on all three when the catalog answers no result at all, 0 otherwise:
 * a near miss shown to a person is still a wrong answer.
 */
record Scores(double ndcg10, double reciprocalRank, double recall10) {
    static final int DEPTH = 10;

    static Scores of(JudgedQuery q, List<String> results) {
        if (q.expectsNothing()) {
            return results.isEmpty() ? new Scores(1, 1, 1) : new Scores(0, 0, 0);
        }
        Map<String, Integer> grades = q.grades();
        double dcg = 0;
        double rr = 0;
        int found = 0;
        for (int i = 0; i < Math.min(DEPTH, results.size()); i++) {
            int grade = grades.getOrDefault(results.get(i), 0);
            dcg += gain(grade) / log2(i + 2);
            if (grade == 2 && rr == 0) {
                rr = 1.0 / (i + 1);
            }
            if (grade > 0) {
                found++;
            }
        }
        List<Integer> ideal = new ArrayList<>(grades.values());
        ideal.sort((a, b) -> b - a);
        double idcg = 0;
        for (int i = 0; i < Math.min(DEPTH, ideal.size()); i++) {
            idcg += gain(ideal.get(i)) / log2(i + 2);
        }
        return new Scores(dcg / idcg, rr, (double) found / Math.min(DEPTH, grades.size()));
    }

    private static double gain(int grade) {
        return (1 << grade) - 1;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
