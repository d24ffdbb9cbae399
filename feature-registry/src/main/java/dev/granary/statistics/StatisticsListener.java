package dev.granary.statistics;

/**
 * Told after new statistics of a project are stored (the catalog reindexes the project so that kinds and
 * summaries follow). A failing listener is logged and does not undo the statistics.
 */
@FunctionalInterface
public interface StatisticsListener {
    void statisticsStored(String project);
}
