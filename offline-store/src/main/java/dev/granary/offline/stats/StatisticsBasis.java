package dev.granary.offline.stats;

/**
 * What the values summarised for a feature are. A plain feature's statistics describe its source column
 * ({@link #SOURCE_COLUMN}): the values it takes, row by row. An aggregation's would need the window aggregate as
 * of every source row (a point-in-time join per row); instead its statistics describe the aggregated input column
 * ({@link #AGGREGATION_INPUT}), which costs nothing extra and still shows the data's shape and nulls.
 */
public enum StatisticsBasis {
    SOURCE_COLUMN, AGGREGATION_INPUT
}
