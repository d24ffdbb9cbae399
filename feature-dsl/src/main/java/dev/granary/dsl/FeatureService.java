package dev.granary.dsl;

import static java.util.Objects.requireNonNull;

import dev.granary.spec.FeatureServiceSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A feature service being declared: the features one model uses, in the order given. */
public final class FeatureService {
    private final String name;
    private final List<String> features = new ArrayList<>();
    private String owner = "";
    private final Map<String, String> tags = new LinkedHashMap<>();
    private String description = "";

    FeatureService(String name) {
        this.name = requireNonNull(name, "feature service name is null");
    }

    /** Adds more features. */
    public FeatureService features(FeatureSelection... selections) {
        requireNonNull(selections, "selections is null");
        for (FeatureSelection selection : selections) {
            features.addAll(requireNonNull(selection, "a selection of feature service " + name + " is null").refs());
        }
        return this;
    }

    public FeatureService owner(String owner) {
        this.owner = requireNonNull(owner, "owner is null");
        return this;
    }

    public FeatureService tag(String key, String value) {
        tags.put(requireNonNull(key, "tag key is null"), requireNonNull(value, "value of tag " + key + " is null"));
        return this;
    }

    public FeatureService description(String text) {
        this.description = requireNonNull(text, "description is null");
        return this;
    }

    public String name() {
        return name;
    }

    FeatureServiceSpec toSpec() {
        return new FeatureServiceSpec(name, features, owner, tags, description);
    }
}
