package dev.granary.bench.search;

import dev.granary.search.CatalogExtras;
import dev.granary.search.FeatureStatsSummary;
import dev.granary.search.FeatureUsage;
import dev.granary.spec.AggregationFunction;
import dev.granary.spec.AggregationSpec;
import dev.granary.spec.EntitySpec;
import dev.granary.spec.FeatureRef;
import dev.granary.spec.FeatureServiceSpec;
import dev.granary.spec.FeatureSpec;
import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.JoinKey;
import dev.granary.spec.RepoSpec;
import dev.granary.spec.SourceSpec;
import dev.granary.spec.ValueType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Generates feature repos that look like real ones: views per entity and domain, features named
 * {@code [func_]metric[_window]} from a vocabulary of abbreviations, descriptions in plain words, owners, tags,
 * services, statistics and skewed usage. Seeded, so every run indexes the same catalog.
 */
final class CatalogGenerator {
    record Metric(String name, String words, ValueType type) {
    }

    static final String[] ENTITIES = {"driver", "rider", "customer", "merchant", "order", "trip", "session",
        "device", "account", "card", "store", "product", "campaign", "courier", "restaurant"};
    static final String[] DOMAINS = {"rides", "payments", "fraud", "growth", "ops", "search", "ads", "risk",
        "marketing", "logistics", "support", "pricing", "loyalty", "catalog", "safety"};
    static final String[] TEAM_SUFFIXES = {"team", "core", "analytics", "ml"};
    static final Metric[] METRICS = {
        new Metric("conv_rate", "conversion rate of offers", ValueType.FLOAT64),
        new Metric("acc_rate", "acceptance rate of offers", ValueType.FLOAT64),
        new Metric("txn_amt", "transaction amount in euros", ValueType.FLOAT64),
        new Metric("txn_cnt", "number of transactions", ValueType.INT64),
        new Metric("avg_order_value", "average order value", ValueType.FLOAT64),
        new Metric("num_sessions", "number of app sessions", ValueType.INT64),
        new Metric("pct_cancelled", "percentage of cancelled orders", ValueType.FLOAT64),
        new Metric("refund_amt", "refunded amount", ValueType.FLOAT64),
        new Metric("trips", "completed trips", ValueType.INT64),
        new Metric("rating", "star rating given by users", ValueType.FLOAT64),
        new Metric("dist_km", "distance travelled in kilometres", ValueType.FLOAT64),
        new Metric("eta_error", "error of the estimated time of arrival", ValueType.FLOAT64),
        new Metric("clicks", "ad clicks", ValueType.INT64),
        new Metric("impressions", "ad impressions served", ValueType.INT64),
        new Metric("ctr", "click-through rate of ads", ValueType.FLOAT64),
        new Metric("basket_size", "items per basket", ValueType.FLOAT64),
        new Metric("chargeback_cnt", "number of chargebacks", ValueType.INT64),
        new Metric("login_failures", "failed login attempts", ValueType.INT64),
        new Metric("device_changes", "changes of device", ValueType.INT64),
        new Metric("tip_amt", "tip amount", ValueType.FLOAT64),
        new Metric("surge_mult", "surge pricing multiplier", ValueType.FLOAT64),
        new Metric("wait_time", "waiting time in minutes", ValueType.FLOAT64),
        new Metric("idle_time", "idle time between jobs", ValueType.FLOAT64),
        new Metric("online_hours", "hours spent online", ValueType.FLOAT64),
        new Metric("declined_cards", "declined card payments", ValueType.INT64),
        new Metric("promo_usage", "promotions redeemed", ValueType.INT64),
        new Metric("support_tickets", "support tickets opened", ValueType.INT64),
        new Metric("app_opens", "times the app was opened", ValueType.INT64),
        new Metric("search_queries", "search queries typed", ValueType.INT64),
        new Metric("cart_abandon_rate", "share of abandoned carts", ValueType.FLOAT64),
        new Metric("delivery_delay", "delivery delay in minutes", ValueType.FLOAT64),
        new Metric("prep_time", "food preparation time", ValueType.FLOAT64),
        new Metric("payment_method", "preferred payment method", ValueType.STRING),
        new Metric("device_type", "type of the device used", ValueType.STRING),
        new Metric("home_city", "home city", ValueType.STRING),
        new Metric("segment", "marketing segment", ValueType.STRING),
        new Metric("loyalty_tier", "loyalty programme tier", ValueType.STRING),
        new Metric("risk_score", "fraud risk score", ValueType.FLOAT64),
        new Metric("lifetime_value", "total spend since signup", ValueType.FLOAT64),
        new Metric("days_since_signup", "days since the account was created", ValueType.INT64),
    };
    static final String[][] WINDOWS = {{"1h", "hour", "3600"}, {"1d", "day", "86400"}, {"7d", "7 days", "604800"},
        {"30d", "30 days", "2592000"}, {"90d", "90 days", "7776000"}};
    static final String[][] FUNCS = {{"sum", "Total"}, {"avg", "Average"}, {"max", "Maximum"}, {"min", "Minimum"},
        {"cnt", "Count"}};

    private final Random random = new Random(42);
    final List<String> owners = new ArrayList<>();
    /** Every generated feature, for the query set: view, name, description, owner, entity, project. */
    final List<String[]> features = new ArrayList<>();

    CatalogGenerator() {
        for (String d : DOMAINS) {
            for (String s : TEAM_SUFFIXES) {
                owners.add(d + "-" + s);
            }
        }
    }

    RepoSpec project(String project, int views, int featuresPerView) {
        List<EntitySpec> entities = new ArrayList<>();
        for (String e : ENTITIES) {
            entities.add(new EntitySpec(e, List.of(new JoinKey(e + "_id", ValueType.INT64)), "A " + e));
        }
        List<SourceSpec> sources = new ArrayList<>();
        List<FeatureViewSpec> viewSpecs = new ArrayList<>();
        for (int v = 0; v < views; v++) {
            String entity = ENTITIES[random.nextInt(ENTITIES.length)];
            String domain = DOMAINS[random.nextInt(DOMAINS.length)];
            String owner = owners.get(random.nextInt(owners.size()));
            String viewName = entity + "_" + domain + "_" + (random.nextBoolean() ? "stats" : "activity") + "_" + v;
            String source = viewName + "_src";
            sources.add(new SourceSpec(source, "parquet", "data/" + source + ".parquet", "event_timestamp", null,
                    "Events of " + entity + " " + domain));
            List<FeatureSpec> plain = new ArrayList<>();
            List<AggregationSpec> aggs = new ArrayList<>();
            Set<String> names = new LinkedHashSet<>();
            while (names.size() < featuresPerView) {
                Metric m = METRICS[random.nextInt(METRICS.length)];
                int shape = random.nextInt(10);
                String[] w = WINDOWS[random.nextInt(WINDOWS.length)];
                String[] f = FUNCS[random.nextInt(FUNCS.length)];
                String name;
                String description;
                if (shape < 3 || m.type() == ValueType.STRING) {
                    name = m.name();
                    description = capitalise(m.words()) + " of the " + entity;
                    if (names.add(name)) {
                        plain.add(new FeatureSpec(name, m.type(), null, description));
                    }
                } else if (shape < 7) {
                    name = m.name() + "_" + w[0];
                    description = capitalise(m.words()) + " per " + entity + " over the last " + w[1];
                    if (names.add(name)) {
                        plain.add(new FeatureSpec(name, m.type(), null, description));
                    }
                } else {
                    name = f[0] + "_" + m.name() + "_" + w[0];
                    description = f[1] + " " + m.words() + " per " + entity + " over the last " + w[1];
                    if (names.add(name)) {
                        AggregationFunction fn = switch (f[0]) {
                            case "sum" -> AggregationFunction.SUM;
                            case "avg" -> AggregationFunction.MEAN;
                            case "max" -> AggregationFunction.MAX;
                            case "min" -> AggregationFunction.MIN;
                            default -> AggregationFunction.COUNT;
                        };
                        aggs.add(new AggregationSpec(name, fn, m.name(), Long.parseLong(w[2]), description));
                    }
                }
            }
            Map<String, String> tags = Map.of("team", owner.substring(0, owner.indexOf('-')), "domain", domain,
                    "pii", random.nextInt(5) == 0 ? "true" : "false",
                    "tier", new String[] {"gold", "silver", "bronze"}[random.nextInt(3)]);
            FeatureViewSpec view = new FeatureViewSpec(viewName, List.of(entity), source, 86_400, true, plain, aggs,
                    owner, tags, capitalise(domain) + " " + "features of the " + entity);
            viewSpecs.add(view);
            plain.forEach(p -> features.add(new String[] {viewName, p.name(), p.description(), owner, entity, project}));
            aggs.forEach(a -> features.add(new String[] {viewName, a.name(), a.description(), owner, entity, project}));
        }
        List<FeatureServiceSpec> services = new ArrayList<>();
        for (int s = 0; s < Math.max(1, views / 5); s++) {
            List<String> refs = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                FeatureViewSpec v = viewSpecs.get(random.nextInt(viewSpecs.size()));
                List<String> fn = v.featureNames();
                refs.add(v.name() + ":" + fn.get(random.nextInt(fn.size())));
            }
            String domain = DOMAINS[random.nextInt(DOMAINS.length)];
            services.add(new FeatureServiceSpec(domain + "_model_" + s, refs, owners.get(random.nextInt(owners.size())),
                    Map.of("model", domain), "Features of the " + domain + " model " + s));
        }
        return new RepoSpec(project, entities, sources, viewSpecs, services);
    }

    /** Statistics for every feature and a skewed usage (a few features used a lot, most not at all). */
    CatalogExtras extras(RepoSpec spec) {
        Map<FeatureRef, FeatureStatsSummary> stats = new HashMap<>();
        Map<FeatureRef, FeatureUsage> usage = new HashMap<>();
        for (FeatureViewSpec v : spec.featureViews()) {
            for (String name : v.featureNames()) {
                FeatureRef ref = new FeatureRef(v.name(), name);
                boolean categorical = v.feature(name).map(f -> f.type() == ValueType.STRING).orElse(false);
                stats.put(ref, categorical
                        ? FeatureStatsSummary.categorical(random.nextDouble() * 0.1, 2 + random.nextInt(50))
                        : FeatureStatsSummary.numeric(random.nextDouble() * 0.1, 100 + random.nextInt(100_000), 0,
                                1000 * random.nextDouble(), 10 * random.nextDouble()));
                if (random.nextInt(4) == 0) {
                    long scale = (long) Math.pow(10, random.nextInt(7));
                    usage.put(ref, new FeatureUsage(random.nextInt(4), random.nextInt(20), scale));
                }
            }
        }
        return new CatalogExtras(stats, usage);
    }

    private static String capitalise(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
