package dev.granary.statistics;

import dev.granary.materialization.MaterializationListener;
import dev.granary.materialization.MaterializationResult;
import dev.granary.offline.ProgressListener;
import java.util.List;

/**
 * Computes the statistics of every view a materialization wrote, over the range it wrote, so the catalog shows
 * what is being served. Views that were already up to date are skipped.
 */
public final class StatisticsAfterMaterialization implements MaterializationListener {
    private final StatisticsService statistics;

    public StatisticsAfterMaterialization(StatisticsService statistics) {
        this.statistics = statistics;
    }

    @Override
    public void materialized(MaterializationResult result) {
        for (MaterializationResult.ViewResult view : result.views()) {
            if (!view.upToDate()) {
                statistics.compute(result.project(), List.of(view.view()), view.start(), view.end(), ProgressListener.NONE);
            }
        }
    }
}
