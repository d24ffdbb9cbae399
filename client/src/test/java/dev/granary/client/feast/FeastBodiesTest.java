package dev.granary.client.feast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.granary.client.error.LookupRejectedException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link FeastBodies} reads a body token by token and answers as if it had read the whole tree first: the
 * values, and which error a body with several problems gets; fields it does not use are ignored and listed.
 */
class FeastBodiesTest {

    @Test
    void aLookupGivesEachJsonValueItsJavaValue() throws IOException {
        LookupBody query = lookup("""
                {"project": "p", "features": ["v:a", "v:b"], "full_feature_names": true,
                 "entities": {"id": [1, 12345678901234567890123, 2.5, "x", true, null, [1, "y"], {"k": [1]}]}}""");

        assertThat(query.project()).isEqualTo("p");
        assertThat(query.features()).containsExactly("v:a", "v:b");
        assertThat(query.featureService()).isNull();
        assertThat(query.fullFeatureNames()).isTrue();
        assertThat(query.entities()).containsOnlyKeys("id");
        assertThat(query.entities().get("id")).containsExactly(1L, new BigInteger("12345678901234567890123"), 2.5,
                "x", true, null, Arrays.asList(1L, "y"), "{\"k\":[1]}");
    }

    @Test
    void nullFieldsCountAsAbsent() throws IOException {
        LookupBody query = lookup("""
                {"project": null, "features": null, "feature_service": "s", "entities": null,
                 "full_feature_names": null}""");

        assertThat(query.project()).isNull();
        assertThat(query.features()).isNull();
        assertThat(query.featureService()).isEqualTo("s");
        assertThat(query.entities()).isEmpty();
        assertThat(query.fullFeatureNames()).isFalse();
    }

    @Test
    void aRepeatedFieldCountsAsItsLastValueInItsFirstPlace() throws IOException {
        LookupBody query = lookup("""
                {"features": 1, "entities": {"a": 1, "b": [2], "a": [3]}, "features": ["v:f"]}""");

        assertThat(query.features()).containsExactly("v:f");
        assertThat(query.entities().keySet()).containsExactly("a", "b");
        assertThat(query.entities().get("a")).containsExactly(3L);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            {"features": 1, "entities": {"id": [1,}}                     | body                 | not valid JSON
            "unfinished                                                  | body                 | not valid JSON
            {"features": ["v:f"]} xyz                                    | body                 | not valid JSON
            {"features": ["v:f"]} {"features": []}                       | body                 | data after its JSON object
            ''                                                           | body                 | JSON object
            [1, 2]                                                       | body                 | JSON object
            "text"                                                       | body                 | JSON object
            {"entities": 5, "features": ["v:f", 2, 3]}                   | features[1]          | must be a string
            {"entities": 5, "features": "v:f"}                           | features             | list of 'view:feature'
            {"entities": 5, "project": 7, "features": ["v:f"]}           | project              | must be a string
            {"entities": 5, "feature_service": [], "features": ["v:f"]}  | feature_service      | must be a string
            {"entities": {"a": [1], "b": 2, "c": 3}, "features": ["v:f"]} | entities.b          | list of values
            {"entities": [], "features": ["v:f"]}                        | entities             | JSON object
            {"full_feature_names": "yes", "features": ["v:f"]}           | full_feature_names   | true or false
            """)
    void aBodyWithProblemsGetsTheErrorATreeReadWouldGive(String body, String field, String hint) {
        assertThatThrownBy(() -> lookup(body))
                .isInstanceOfSatisfying(LookupRejectedException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.getMessage()).contains(hint);
                });
    }

    @Test
    void fieldsItDoesNotUseAreIgnoredAndListed() throws IOException {
        LookupBody query = lookup("""
                {"features": ["v:f"], "entities": {"id": [1]}, "include_feature_view_version_metadata": true,
                 "request_context": {"x": [1]}, "featurs": {"deep": [1, {"a": 2}]}}""");

        assertThat(query.features()).containsExactly("v:f");
        assertThat(query.ignored()).containsExactly("include_feature_view_version_metadata", "request_context",
                "featurs");
    }

    @Test
    void aPushReadsItsViewRowsAndTarget() throws IOException {
        RowsBody push = FeastBodies.push(body("""
                {"push_source_name": "v", "allow_registry_cache": {"any": ["thing"]}, "to": "online_and_offline",
                 "transform_on_write": false, "df": {"id": [1, 2], "f": [0.5, null]}}"""));

        assertThat(push.target()).isEqualTo("v");
        assertThat(push.targetField()).isEqualTo("push_source_name");
        assertThat(push.to()).isEqualTo("online_and_offline");
        assertThat(push.ignored()).containsExactly("allow_registry_cache", "transform_on_write");
        assertThat(push.df()).isEqualTo(Map.of("id", List.of(1L, 2L), "f", Arrays.asList(0.5, null)));
        assertThat(push.df().keySet()).containsExactly("id", "f");
    }

    @Test
    void aPushNamesItsWrongField() {
        assertThatThrownBy(() -> FeastBodies.push(body("{\"feature_view\": \"v\", \"df\": {\"id\": 1}}")))
                .isInstanceOfSatisfying(LookupRejectedException.class, e -> assertThat(e.field()).isEqualTo("df.id"));
    }

    @Test
    void aWriteAndAMaterializationReadFeastsFields() throws IOException {
        RowsBody write = FeastBodies.write(body("""
                {"feature_view_name": "v", "df": {"id": [1], "event_timestamp": ["2026-11-20T10:00:00"],
                 "created": [null]}, "allow_registry_cache": false}"""));
        assertThat(write.target()).isEqualTo("v");
        assertThat(write.df().get("created")).containsExactly((Object) null);

        MaterializeBody materialize = FeastBodies.materialize(body("""
                {"start_ts": "2026-11-01T00:00:00", "end_ts": "2026-11-02 00:00:00", "feature_views": ["v"],
                 "disable_event_timestamp": false, "full_feature_names": false, "version": null}"""));
        assertThat(materialize.startTs()).isEqualTo("2026-11-01T00:00:00");
        assertThat(materialize.featureViews()).containsExactly("v");
        assertThat(materialize.ignored()).containsExactly("full_feature_names", "version");
    }

    @Test
    void aLookupBodyWrittenIsReadBackAsWritten() throws IOException {
        byte[] written = FeastBodies.lookupBody("p", List.of("v:f"), null, Map.of("id", List.of(1L, 2L)), true);
        LookupBody read = FeastBodies.lookup(new ByteArrayInputStream(written));

        assertThat(read.project()).isEqualTo("p");
        assertThat(read.features()).containsExactly("v:f");
        assertThat(read.entities()).isEqualTo(Map.of("id", List.of(1L, 2L)));
        assertThat(read.fullFeatureNames()).isTrue();
    }

    private static LookupBody lookup(String body) throws IOException {
        return FeastBodies.lookup(body(body));
    }

    private static ByteArrayInputStream body(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
