package dev.granary.health.monitor;

import dev.granary.error.BadRequestException;
import dev.granary.spec.FeatureServiceSpec;

/**
 * What a history request asks for, checked against the service.
 *
 * @param feature {@code view:feature} of the service, or null for all of its features
 * @param limit   how many checks, newest first: 1 to {@value #MAX_LIMIT}, {@value #DEFAULT_LIMIT} when not given
 */
record HistoryQuery(String feature, int limit) {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1000;

    HistoryQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new BadRequestException("limit", "limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
    }

    /**
     * @throws BadRequestException naming {@code limit} when it is not a whole number in range, or {@code feature}
     *                             when the service does not list it
     */
    static HistoryQuery parse(FeatureServiceSpec service, String feature, String limit) {
        int n = DEFAULT_LIMIT;
        if (limit != null && !limit.isBlank()) {
            try {
                n = Integer.parseInt(limit.trim());
            } catch (NumberFormatException e) {
                throw new BadRequestException("limit", "limit must be a whole number between 1 and " + MAX_LIMIT
                        + ", got '" + limit + "'");
            }
        }
        String wanted = feature == null || feature.isBlank() ? null : feature.trim();
        if (wanted != null && !service.features().contains(wanted)) {
            throw new BadRequestException("feature", "Feature service '" + service.name() + "' does not list '"
                    + wanted + "'; name one of " + service.features() + " as view:feature");
        }
        return new HistoryQuery(wanted, n);
    }
}
