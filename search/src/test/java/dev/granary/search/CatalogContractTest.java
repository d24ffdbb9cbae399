package dev.granary.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.granary.spec.FeatureRef;
import dev.granary.spec.FeatureViewSpec;
import dev.granary.spec.RepoSpec;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link Catalog} must do, on the rides fixture; a backend's test only says how to build one. */
abstract class CatalogContractTest {
    protected Catalog catalog;

    protected abstract Catalog newCatalog();

    @BeforeEach
    void indexRides() {
        catalog = newCatalog();
        catalog.replaceProject("rides", CatalogFixture.rides(), 1, CatalogExtras.NONE);
    }

    @AfterEach
    void closeCatalog() {
        catalog.close();
    }

    private List<String> names(String text) {
        return names(catalog.search(SearchQuery.of(text)));
    }

    private static List<String> names(SearchResult result) {
        return result.hits().stream().map(Hit::qualifiedName).toList();
    }

    private List<String> featureNames(String text) {
        return names(catalog.search(SearchQuery.of(text).filter(Facet.TYPE, "feature")));
    }

    @Test
    void exactNameRanksFirst() {
        assertThat(names("trips")).first().isEqualTo("driver_stats:trips");
        assertThat(names("trips")).contains("driver_activity:trips_7d", "driver_stats:avg_daily_trips");
        assertThat(names("conv_rate")).first().isEqualTo("driver_stats:conv_rate");
        assertThat(names("driver_stats:conv_rate")).first().isEqualTo("driver_stats:conv_rate");
        assertThat(names("driver")).first().isEqualTo("driver");
        assertThat(catalog.search(SearchQuery.of("driver")).hits().getFirst().type()).isEqualTo(ObjectKind.ENTITY);
    }

    @Test
    void nameWordsAreFoundSplitOnUnderscoreDigitsAndCase() {
        assertThat(featureNames("conv")).contains("driver_stats:conv_rate", "driver_activity:conv_count_1d");
        assertThat(featureNames("rate")).contains("driver_stats:conv_rate", "driver_stats:acc_rate");
        assertThat(featureNames("7d")).containsExactly("driver_activity:trips_7d");
        assertThat(featureNames("daily trips")).first().isEqualTo("driver_stats:avg_daily_trips");
    }

    private List<String> shopFeatures(String text) {
        catalog.replaceProject("shop", CatalogFixture.shop(), 1, CatalogExtras.NONE);
        return names(catalog.search(SearchQuery.of(text).filter(Facet.TYPE, "feature").filter(Facet.PROJECT,
                "shop")));
    }

    private Hit firstShopFeature(String text) {
        catalog.replaceProject("shop", CatalogFixture.shop(), 1, CatalogExtras.NONE);
        return catalog.search(SearchQuery.of(text).filter(Facet.TYPE, "feature").filter(Facet.PROJECT, "shop"))
                .hits().getFirst();
    }

    @Test
    void aFeatureIsFoundByTheStemOfItsNameAndTheWordsOfItsView() {
        // the feature is named spend, its view is described as customer spending
        assertThat(shopFeatures("spending")).first().isEqualTo("customer_stats:spend");
        assertThat(firstShopFeature("spending").matched()).containsEntry("name", List.of("spending"))
                .containsEntry("view", List.of("spending"));
        assertThat(shopFeatures("cancellations")).containsExactly("store_ops:cancelled_orders");
        assertThat(shopFeatures("cancel")).containsExactly("store_ops:cancelled_orders");
    }

    @Test
    void aNameWordOfTheCatalogIsNotTakenForATypo() {
        assertThat(shopFeatures("spending")).doesNotContain("courier_safety:speeding_events");
        assertThat(shopFeatures("speding")).contains("courier_safety:speeding_events");
    }

    @Test
    void theWordsOfTheViewRankItsFeaturesAboveUnrelatedOnes() {
        // both views hold orders; only customer_stats is about customers
        assertThat(shopFeatures("customer orders")).first().isEqualTo("customer_stats:orders_1h");
        assertThat(shopFeatures("store orders")).first().isEqualTo("store_ops:cancelled_orders");
        assertThat(firstShopFeature("store orders").matched()).containsEntry("name", List.of("orders"))
                .containsEntry("view", List.of("store")).containsEntry("entity", List.of("store"));
    }

    @Test
    void theEntitySourceAndServicesOfAFeatureFindItAndSaySo() {
        assertThat(shopFeatures("churn")).containsExactly("customer_stats:orders_1h");
        assertThat(firstShopFeature("churn").matched()).isEqualTo(Map.of("service", List.of("churn")));
        assertThat(shopFeatures("checkout")).containsExactlyInAnyOrder("customer_stats:spend",
                "customer_stats:orders_1h");
        assertThat(firstShopFeature("checkout").matched()).isEqualTo(Map.of("source", List.of("checkout")));
        assertThat(shopFeatures("buying")).containsExactlyInAnyOrder("customer_stats:spend",
                "customer_stats:orders_1h");
        assertThat(firstShopFeature("buying").matched()).isEqualTo(Map.of("entity", List.of("buying")));
    }

    @Test
    void oneLetterTypoStillFindsIt() {
        assertThat(featureNames("conv_rtae")).first().isEqualTo("driver_stats:conv_rate");
        assertThat(featureNames("lifetme_value")).first().isEqualTo("customer_profile:lifetime_value");
        assertThat(featureNames("signup_chanel")).first().isEqualTo("customer_profile:signup_channel");
    }

    @Test
    void aWordOfTheDescriptionFindsIt() {
        assertThat(featureNames("accepted")).containsExactly("driver_stats:acc_rate");
        assertThat(featureNames("marketing")).containsExactly("customer_profile:signup_channel");
        Hit hit = catalog.search(SearchQuery.of("marketing")).hits().getFirst();
        assertThat(hit.highlights().get("description")).isEqualTo("<em>Marketing</em> channel of the first visit");
        assertThat(hit.highlights()).doesNotContainKey("name");
    }

    @Test
    void synonymQueryFindsTheAbbreviatedName() {
        assertThat(featureNames("conversion rate")).first().isEqualTo("driver_stats:conv_rate");
        assertThat(featureNames("average trips")).first().isEqualTo("driver_stats:avg_daily_trips");
        assertThat(featureNames("trips last week")).contains("driver_activity:trips_7d");
        assertThat(featureNames("trips 7 days")).first().isEqualTo("driver_activity:trips_7d");
        assertThat(featureNames("conversion count")).first().isEqualTo("driver_activity:conv_count_1d");
    }

    @Test
    void prefixFindsItAsYouType() {
        assertThat(featureNames("lifeti")).containsExactly("customer_profile:lifetime_value");
        assertThat(featureNames("conv_ra")).first().isEqualTo("driver_stats:conv_rate");
        assertThat(featureNames("sig")).containsExactly("customer_profile:signup_channel");
        Hit hit = catalog.search(SearchQuery.of("lifeti")).hits().getFirst();
        assertThat(hit.highlights().get("name")).isEqualTo("<em>lifetime</em>_value");
    }

    @Test
    void aFinishedWordIsNotAPrefix() {
        // "sig " ends with a space: the word is complete, so it no longer matches "signup"
        assertThat(featureNames("sig ")).isEmpty();
    }

    @Test
    void facetCountsAreExactOverTheWholeMatchSet() {
        RepoSpec spec = CatalogFixture.rides();
        SearchResult all = catalog.search(SearchQuery.of("").page(1, 0));
        long features = spec.featureViews().stream().mapToLong(v -> v.featureNames().size()).sum();
        long objects = spec.entities().size() + spec.sources().size() + spec.featureViews().size() + features
                + spec.featureServices().size();
        assertThat(all.totalHits()).isEqualTo(objects);
        assertThat(all.hits()).hasSize(1);
        assertThat(all.count(Facet.TYPE, "feature")).isEqualTo(features);
        assertThat(all.count(Facet.TYPE, "feature_view")).isEqualTo(spec.featureViews().size());
        assertThat(all.count(Facet.TYPE, "entity")).isEqualTo(spec.entities().size());
        assertThat(all.count(Facet.TYPE, "source")).isEqualTo(spec.sources().size());
        assertThat(all.count(Facet.TYPE, "feature_service")).isEqualTo(spec.featureServices().size());
        assertThat(all.count(Facet.PROJECT, "rides")).isEqualTo(objects);
        // rides-team owns driver_stats and its 5 features; the kinds follow the value types without statistics
        assertThat(all.count(Facet.OWNER, "rides-team")).isEqualTo(1 + CatalogFixture.DRIVER_STATS.featureNames().size());
        long numeric = spec.featureViews().stream().flatMap(v -> v.features().stream())
                .filter(f -> f.type().isNumeric()).count() + 2; // both aggregations yield numbers
        assertThat(all.count(Facet.KIND, "numeric")).isEqualTo(numeric);
        assertThat(all.count(Facet.KIND, "categorical")).isEqualTo(features - numeric);
        assertThat(all.count(Facet.TAG, "team=ops")).isEqualTo(1 + 2);
        assertThat(all.count(Facet.VALUE_TYPE, "FLOAT64")).isEqualTo(3);
        // trips_7d sums the INT64 column "trips" that driver_stats reads from the same source
        assertThat(all.count(Facet.VALUE_TYPE, "INT64")).isEqualTo(2 + 2);
        // driver: the entity, its source, 2 views, their 7 features and the service
        assertThat(all.count(Facet.ENTITY, "driver")).isEqualTo(1 + 1 + 2 + 7 + 1);
        assertThat(all.facet(Facet.OWNER)).extracting(FacetCount::count).isSortedAccordingTo((a, b) -> Long.compare(b, a));
    }

    @Test
    void filtersNarrowAndOtherFacetsCountSideways() {
        SearchQuery query = SearchQuery.of("").filter(Facet.TYPE, "feature").filter(Facet.OWNER, "rides-team")
                .page(50, 0);
        SearchResult result = catalog.search(query);
        assertThat(result.totalHits()).isEqualTo(CatalogFixture.DRIVER_STATS.features().size());
        assertThat(result.hits()).allSatisfy(h -> {
            assertThat(h.type()).isEqualTo(ObjectKind.FEATURE);
            assertThat(h.owner()).isEqualTo("rides-team");
        });
        // owner is filtered: its counts ignore the owner filter but keep type=feature
        assertThat(result.count(Facet.OWNER, "rides-team")).isEqualTo(5);
        assertThat(result.count(Facet.OWNER, "ops-team")).isEqualTo(2);
        assertThat(result.count(Facet.OWNER, "growth-team")).isEqualTo(2);
        // type is filtered: its counts ignore the type filter but keep owner=rides-team (the view and its features)
        assertThat(result.count(Facet.TYPE, "feature")).isEqualTo(5);
        assertThat(result.count(Facet.TYPE, "feature_view")).isEqualTo(1);
        // unfiltered facets count the filtered set
        assertThat(result.count(Facet.KIND, "categorical")).isEqualTo(1);
        assertThat(result.count(Facet.KIND, "numeric")).isEqualTo(4);

        SearchResult twoOwners = catalog.search(query.filter(Facet.OWNER, "ops-team"));
        assertThat(twoOwners.totalHits()).isEqualTo(7);
        SearchResult byTagKey = catalog.search(SearchQuery.of("").filter(Facet.TAG, "pii"));
        assertThat(names(byTagKey)).containsExactlyInAnyOrder("driver_activity", "driver_activity:trips_7d",
                "driver_activity:conv_count_1d");
        SearchResult numericTrips = catalog.search(SearchQuery.of("trips").filter(Facet.VALUE_TYPE, "int64"));
        assertThat(numericTrips.hits()).extracting(Hit::valueType).containsOnly("INT64");
    }

    @Test
    void statisticsDecideTheKindAndComeBackWithTheHit() {
        FeatureRef trips = new FeatureRef("driver_stats", "trips");
        catalog.replaceProject("rides", CatalogFixture.rides(), 2, new CatalogExtras(
                Map.of(trips, FeatureStatsSummary.categorical(0.25, 12)), Map.of()));
        Hit hit = catalog.search(SearchQuery.of("trips")).hits().getFirst();
        assertThat(hit.kind()).isEqualTo(FeatureKind.CATEGORICAL);
        assertThat(hit.stats()).isNotNull();
        assertThat(hit.stats().distinctCount()).isEqualTo(12);
        assertThat(hit.stats().nullFraction()).isEqualTo(0.25);
        assertThat(hit.stats().minValue()).as("categorical: no min").isEmpty();
        assertThat(catalog.search(SearchQuery.of("").filter(Facet.KIND, "categorical")).hits())
                .extracting(Hit::qualifiedName).contains("driver_stats:trips");

        FeatureRef conv = new FeatureRef("driver_stats", "conv_rate");
        catalog.replaceProject("rides", CatalogFixture.rides(), 3, new CatalogExtras(
                Map.of(conv, FeatureStatsSummary.numeric(0.0, 900, 0.01, 0.97, 0.42)), Map.of()));
        FeatureStatsSummary numeric = catalog.search(SearchQuery.of("conv_rate")).hits().getFirst().stats();
        assertThat(numeric).isEqualTo(FeatureStatsSummary.numeric(0.0, 900, 0.01, 0.97, 0.42));
        assertThat(numeric.meanValue()).hasValue(0.42);
        // extras are the whole truth: trips' statistics were not given again, so its kind follows its type
        assertThat(catalog.search(SearchQuery.of("").filter(Facet.KIND, "categorical")).hits())
                .extracting(Hit::qualifiedName).doesNotContain("driver_stats:trips");
    }

    @Test
    void usageChangesOrderBetweenEquallyRelevantHits() {
        catalog.replaceProject("scores", CatalogFixture.twins("scores"), 1, CatalogExtras.NONE);
        SearchQuery query = SearchQuery.of("rider score").filter(Facet.TYPE, "feature");
        assertThat(names(catalog.search(query)))
                .containsExactly("rider_scores_a:rider_score", "rider_scores_b:rider_score");

        catalog.updateUsage("scores", Map.of(new FeatureRef("rider_scores_b", "rider_score"),
                new FeatureUsage(2, 5, 1_000)));
        assertThat(names(catalog.search(query)))
                .containsExactly("rider_scores_b:rider_score", "rider_scores_a:rider_score");

        // usage given on replace counts the same way
        catalog.replaceProject("scores", CatalogFixture.twins("scores"), 2, new CatalogExtras(Map.of(),
                Map.of(new FeatureRef("rider_scores_a", "rider_score"), new FeatureUsage(1, 0, 0))));
        assertThat(names(catalog.search(query)))
                .containsExactly("rider_scores_a:rider_score", "rider_scores_b:rider_score");
    }

    @Test
    void exactNameBeatsAHeavilyUsedWeakMatch() {
        FeatureRef weekly = new FeatureRef("driver_activity", "trips_7d");
        FeatureRef daily = new FeatureRef("driver_stats", "avg_daily_trips");
        FeatureUsage heavy = new FeatureUsage(1_000, 1_000_000, 1_000_000_000);

        catalog.updateUsage("rides", Map.of(weekly, heavy, daily, FeatureUsage.NONE));
        assertThat(featureNames("trips")).startsWith("driver_stats:trips", "driver_activity:trips_7d");

        catalog.updateUsage("rides", Map.of(weekly, FeatureUsage.NONE, daily, heavy));
        assertThat(featureNames("trips")).startsWith("driver_stats:trips", "driver_stats:avg_daily_trips");
    }

    @Test
    void removedFeatureDisappearsAndRollbackRestoresIt() {
        assertThat(featureNames("city")).containsExactly("driver_stats:city");

        catalog.replaceProject("rides", CatalogFixture.ridesWithout("city"), 2, CatalogExtras.NONE);
        assertThat(featureNames("city")).isEmpty();
        assertThat(catalog.indexedVersion("rides")).isEqualTo(2);
        assertThat(featureNames("conv_rate")).first().isEqualTo("driver_stats:conv_rate");

        catalog.replaceProject("rides", CatalogFixture.rides(), 3, CatalogExtras.NONE); // rollback to version 1
        assertThat(featureNames("city")).containsExactly("driver_stats:city");
        assertThat(catalog.indexedVersion("rides")).isEqualTo(3);
        SearchResult all = catalog.search(SearchQuery.of(""));
        assertThat(all.totalHits()).as("no duplicates after replacing twice").isEqualTo(17);
    }

    @Test
    void twoProjectsAreKeptApart() {
        catalog.replaceProject("scores", CatalogFixture.twins("scores"), 7, CatalogExtras.NONE);
        assertThat(catalog.search(SearchQuery.of("rider").filter(Facet.PROJECT, "rides")).hits())
                .extracting(Hit::project).containsOnly("rides");
        assertThat(catalog.search(SearchQuery.of("rider score")).hits())
                .extracting(Hit::project).containsOnly("scores");
        assertThat(catalog.indexedVersion("scores")).isEqualTo(7);
        assertThat(catalog.indexedVersion("rides")).isEqualTo(1);

        catalog.replaceProject("rides", CatalogFixture.ridesWithout("city"), 2, CatalogExtras.NONE);
        assertThat(catalog.search(SearchQuery.of("").filter(Facet.PROJECT, "scores")).totalHits()).isEqualTo(6);

        catalog.removeProject("scores");
        assertThat(catalog.search(SearchQuery.of("rider score")).hits()).isEmpty();
        assertThat(catalog.indexedVersion("scores")).isEqualTo(-1);
        assertThat(featureNames("conv_rate")).first().isEqualTo("driver_stats:conv_rate");
        assertThat(catalog.isEmpty()).isFalse();
        catalog.removeProject("rides");
        assertThat(catalog.isEmpty()).isTrue();
        assertThat(catalog.search(SearchQuery.of("")).totalHits()).isZero();
    }

    @Test
    void pagesAreConsecutiveSlicesOfOneOrder() {
        List<String> all = names(catalog.search(SearchQuery.of("driver").page(50, 0)));
        List<String> paged = Stream.of(0, 3, 6, 9, 12).flatMap(o ->
                names(catalog.search(SearchQuery.of("driver").page(3, o))).stream()).toList();
        assertThat(all.size()).isGreaterThan(5);
        assertThat(paged).isEqualTo(all.size() > 15 ? all.subList(0, 15) : all);
    }

    @Test
    void badInputIsRejectedNamingTheFieldAndLeavesTheIndexAlone() {
        assertThatThrownBy(() -> SearchQuery.of("x").page(0, 0))
                .isInstanceOfSatisfying(InvalidSearchQueryException.class, e -> assertThat(e.field()).isEqualTo("limit"));
        assertThatThrownBy(() -> SearchQuery.of("x").page(201, 0))
                .isInstanceOfSatisfying(InvalidSearchQueryException.class, e -> assertThat(e.field()).isEqualTo("limit"));
        assertThatThrownBy(() -> SearchQuery.of("x").filter(Facet.TYPE, "table"))
                .isInstanceOfSatisfying(InvalidSearchQueryException.class, e -> {
                    assertThat(e.field()).isEqualTo("type");
                    assertThat(e.getMessage()).contains("feature_view");
                });
        assertThatThrownBy(() -> catalog.replaceProject("other", CatalogFixture.rides(), 2, CatalogExtras.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rides");
        assertThatThrownBy(() -> catalog.replaceProject("rides", RepoSpec.empty("rides"), 0, CatalogExtras.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("specVersion");
        assertThat(catalog.indexedVersion("rides")).isEqualTo(1);
        assertThat(featureNames("city")).containsExactly("driver_stats:city");
    }

    @Test
    void anEmptyViewListEmptiesTheProjectButKeepsItsVersion() {
        catalog.replaceProject("rides", CatalogFixture.rides(List.<FeatureViewSpec>of()), 4, CatalogExtras.NONE);
        assertThat(featureNames("conv_rate")).isEmpty();
        assertThat(catalog.indexedVersion("rides")).isEqualTo(4);
    }
}
