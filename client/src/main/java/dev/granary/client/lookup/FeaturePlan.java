package dev.granary.client.lookup;

import static java.util.Objects.requireNonNull;

import dev.granary.client.error.LookupRejectedException;
import dev.granary.spec.FeatureRef;
import dev.granary.spec.FeatureServiceSpec;
import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.JoinKey;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.ValueType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The features of one lookup resolved against a spec: the views to read (each with its features and join keys)
 * and the output names, in request order. Building it checks every reference.
 *
 * @param project      the spec's project
 * @param groups       one per view, in order of first appearance
 * @param refs         the requested features in request order
 * @param outputNames  per ref, {@code feature} or {@code view__feature} with full feature names
 * @param groupOf      per ref, the index of its group
 * @param indexInGroup per ref, its index in its group's features
 * @param joinKeys     every join key the views need, by name, with its type
 */
public record FeaturePlan(String project, List<ViewGroup> groups, List<FeatureRef> refs, List<String> outputNames,
                          int[] groupOf, int[] indexInGroup, Map<String, ValueType> joinKeys) {
    public FeaturePlan {
        requireNonNull(project, "project is null");
        groups = List.copyOf(groups);
        refs = List.copyOf(refs);
        outputNames = List.copyOf(outputNames);
        groupOf = groupOf.clone();
        indexInGroup = indexInGroup.clone();
        joinKeys = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(joinKeys));
    }

    /** Per ref, the index of its group (a copy). */
    @Override
    public int[] groupOf() {
        return groupOf.clone();
    }

    /** Per ref, its index in its group's features (a copy). */
    @Override
    public int[] indexInGroup() {
        return indexInGroup.clone();
    }

    /**
     * Per ref, its position in a row read view after view in group order ({@code OnlineStore.read} of the groups):
     * the order that turns such a row into the answer's.
     */
    public int[] storedPositions() {
        int[] offsets = new int[groups.size()];
        for (int g = 1; g < offsets.length; g++) {
            offsets[g] = offsets[g - 1] + groups.get(g - 1).features().size();
        }
        int[] positions = new int[refs.size()];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = offsets[groupOf[i]] + indexInGroup[i];
        }
        return positions;
    }

    /** Whether the refs are one view's features in the order read, so a read row is already the answer's row. */
    public boolean inStoredOrder() {
        if (groups.size() != 1) {
            return false;
        }
        for (int i = 0; i < refs.size(); i++) {
            if (indexInGroup[i] != i) {
                return false;
            }
        }
        return true;
    }

    /** One view's part of a lookup. */
    public record ViewGroup(FeatureViewSpec view, List<String> features, List<String> keyNames) {
        public ViewGroup {
            requireNonNull(view, "view is null");
            features = List.copyOf(features);
            keyNames = List.copyOf(keyNames);
        }
    }

    /**
     * Resolves {@code view:feature} references (field {@code features}).
     *
     * @throws LookupRejectedException naming {@code features[i]} when a reference is malformed, its view unknown or
     *                             not online, or the feature unknown; or {@code features} when empty or when two
     *                             features would share an output name
     */
    public static FeaturePlan of(RepoSpec spec, List<String> features, boolean fullFeatureNames) {
        if (features == null || features.isEmpty()) {
            throw new LookupRejectedException("features", "Name at least one feature as 'view:feature' in 'features',"
                    + " or give a 'feature_service'");
        }
        List<FeatureRef> refs = new ArrayList<>(features.size());
        for (int i = 0; i < features.size(); i++) {
            String field = "features[" + i + "]";
            String text = features.get(i);
            FeatureRef ref = FeatureRef.parse(text).orElseThrow(() -> new LookupRejectedException(field,
                    "'" + text + "' is not a feature reference; write it as 'view:feature', e.g. driver_stats:conv_rate"));
            refs.add(ref);
        }
        return build(spec, refs, fullFeatureNames, "features");
    }

    /**
     * Resolves a feature service's features (field {@code feature_service}).
     *
     * @throws LookupRejectedException naming {@code feature_service} when the service is unknown or one of its
     *                             features no longer resolves
     */
    public static FeaturePlan ofService(RepoSpec spec, String service, boolean fullFeatureNames) {
        FeatureServiceSpec found = spec.featureService(service).orElseThrow(() -> new LookupRejectedException(
                "FEATURE_SERVICE_NOT_FOUND", "feature_service", "Project '" + spec.project()
                + "' has no feature service '" + service + "'; its services are "
                + spec.featureServices().stream().map(FeatureServiceSpec::name).toList(), null));
        return build(spec, found.refs(), fullFeatureNames, "feature_service");
    }

    private static FeaturePlan build(RepoSpec spec, List<FeatureRef> refs, boolean fullNames, String fieldBase) {
        Map<String, Integer> groupIndex = new LinkedHashMap<>();
        List<FeatureViewSpec> views = new ArrayList<>();
        List<List<String>> features = new ArrayList<>();
        int[] groupOf = new int[refs.size()];
        int[] indexInGroup = new int[refs.size()];
        List<String> names = new ArrayList<>(refs.size());
        Map<String, Integer> seen = new LinkedHashMap<>();
        Map<String, ValueType> joinKeys = new LinkedHashMap<>();
        for (int i = 0; i < refs.size(); i++) {
            FeatureRef ref = refs.get(i);
            String field = fieldBase.equals("features") ? "features[" + i + "]" : fieldBase;
            FeatureViewSpec view = spec.featureView(ref.view()).orElseThrow(() -> new LookupRejectedException(
                    "FEATURE_VIEW_NOT_FOUND", field, "Project '" + spec.project() + "' has no feature view '"
                    + ref.view() + "' (in '" + ref + "'); its views are "
                    + spec.featureViews().stream().map(FeatureViewSpec::name).toList(), null));
            if (!view.online()) {
                throw new LookupRejectedException(field, "Feature view '" + view.name() + "' is not online, so '" + ref
                        + "' cannot be served; set online on the view, apply and materialize it");
            }
            if (!view.hasFeature(ref.feature())) {
                throw new LookupRejectedException("FEATURE_NOT_FOUND", field, "Feature view '" + view.name()
                        + "' has no feature '" + ref.feature() + "'; its features are " + view.featureNames(), null);
            }
            String name = fullNames ? ref.fullName() : ref.feature();
            Integer clash = seen.putIfAbsent(name, i);
            if (clash != null) {
                throw new LookupRejectedException(fieldBase, "'" + refs.get(clash) + "' and '" + ref + "' would both be"
                        + " returned as '" + name + "'; set full_feature_names to true or ask for one of them");
            }
            names.add(name);
            Integer g = groupIndex.get(view.name());
            if (g == null) {
                g = views.size();
                groupIndex.put(view.name(), g);
                views.add(view);
                features.add(new ArrayList<>());
                for (JoinKey key : spec.joinKeys(view)) {
                    joinKeys.putIfAbsent(key.name(), key.type());
                }
            }
            groupOf[i] = g;
            indexInGroup[i] = features.get(g).size();
            features.get(g).add(ref.feature());
        }
        List<ViewGroup> groups = new ArrayList<>(views.size());
        for (int g = 0; g < views.size(); g++) {
            FeatureViewSpec view = views.get(g);
            groups.add(new ViewGroup(view, features.get(g), spec.joinKeys(view).stream().map(JoinKey::name).toList()));
        }
        return new FeaturePlan(spec.project(), groups, refs, names, groupOf, indexInGroup, joinKeys);
    }
}
