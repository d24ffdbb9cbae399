package dev.granary.online;

import static java.util.Objects.requireNonNull;

import dev.granary.spec.FeatureViewSpec;
import java.util.List;

/**
 * The features to read from one view in a multi-view read, with the entity keys of that view (one per requested
 * entity, in request order: views of different entities take different keys for the same request row).
 */
public record ViewRead(FeatureViewSpec view, List<String> featureNames, List<EntityKey> keys) {
    public ViewRead {
        requireNonNull(view, "view is null");
        featureNames = List.copyOf(requireNonNull(featureNames, "featureNames is null"));
        keys = List.copyOf(requireNonNull(keys, "keys is null"));
    }

    /** The number of request rows of a multi-view read, checking every view has one key per row. */
    static int rowCount(List<ViewRead> reads) {
        if (reads.isEmpty()) {
            throw new InvalidOnlineRequestException("a read needs at least one view");
        }
        int rows = reads.get(0).keys().size();
        for (ViewRead read : reads) {
            if (read.keys().size() != rows) {
                throw new InvalidOnlineRequestException("view '" + read.view().name() + "' is read for "
                        + read.keys().size() + " keys but view '" + reads.get(0).view().name() + "' for " + rows
                        + "; give every view one key per request row");
            }
        }
        return rows;
    }
}
