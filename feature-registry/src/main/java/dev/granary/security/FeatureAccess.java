package dev.granary.security;

import static java.util.Objects.requireNonNull;

import dev.granary.spec.FeatureRef;
import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.RepoSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The one answer to "may this caller read these features" for a project's spec: a feature that is not restricted
 * is read by every reader of the project; a restricted one ({@link FeatureViewSpec#restricted(String)}) only by
 * a caller granted it or its view, or by an admin (who may grant it to itself anyway). With security off
 * ({@link Caller#UNCHECKED}) everything is readable. Lookups, pushes, exports, statistics and the feature detail
 * ask it; refusals are {@code 403 RESTRICTED_FEATURE} naming the features.
 */
public final class FeatureAccess {
    private final Caller caller;
    private final RepoSpec spec;

    private FeatureAccess(Caller caller, RepoSpec spec) {
        this.caller = requireNonNull(caller, "caller is null");
        this.spec = requireNonNull(spec, "spec is null");
    }

    /** What {@code caller} may read of {@code spec}'s features. */
    public static FeatureAccess of(Caller caller, RepoSpec spec) {
        return new FeatureAccess(caller, spec);
    }

    /** The restricted ones among {@code refs}, in their order: what a lookup plan keeps to check per call. */
    public static List<FeatureRef> restrictedAmong(RepoSpec spec, Collection<FeatureRef> refs) {
        List<FeatureRef> restricted = new ArrayList<>();
        for (FeatureRef ref : refs) {
            if (spec.restricted(ref.view(), ref.feature())) {
                restricted.add(ref);
            }
        }
        return List.copyOf(restricted);
    }

    /** Whether the caller may read feature {@code feature} of view {@code view}. */
    public boolean mayRead(String view, String feature) {
        return !spec.restricted(view, feature) || caller.mayReadRestricted(view, feature);
    }

    /** Whether the caller may read {@code ref}. */
    public boolean mayRead(FeatureRef ref) {
        return mayRead(ref.view(), ref.feature());
    }

    /**
     * @throws RequestRefusedException 403 {@code RESTRICTED_FEATURE} naming every feature of {@code refs} the
     *         caller may not read: a request holding one is refused as a whole
     */
    public void require(Collection<FeatureRef> refs) {
        List<String> refused = refs.stream().filter(r -> !mayRead(r)).map(FeatureRef::toString).distinct().toList();
        if (!refused.isEmpty()) {
            throw Refusal.restricted(caller.token().orElseThrow(), spec.project(), refused);
        }
    }

    /**
     * Requires every restricted feature of {@code view}: a push writes whole rows of a view (and its answer
     * tells whether a stored row was newer), so it needs what a read of the view needs.
     *
     * @throws RequestRefusedException 403 {@code RESTRICTED_FEATURE} naming the features not granted
     */
    public void requireView(FeatureViewSpec view) {
        require(view.featureNames().stream().map(f -> new FeatureRef(view.name(), f)).toList());
    }
}
