package dev.granary.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.granary.error.BadRequestException;
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
 * {@link FeastRequests} reads a body token by token and answers as if it had read the whole tree first: the
 * values, and which error a body with several problems gets.
 */
class FeastRequestsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aLookupGivesEachJsonValueItsJavaValue() throws IOException {
        OnlineQuery query = lookup("""
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
        OnlineQuery query = lookup("""
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
        OnlineQuery query = lookup("""
                {"features": 1, "entities": {"a": 1, "b": [2], "a": [3]}, "features": ["v:f"]}""");

        assertThat(query.features()).containsExactly("v:f");
        assertThat(query.entities().keySet()).containsExactly("a", "b");
        assertThat(query.entities().get("a")).containsExactly(3L);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            {"features": 1, "entities": {"id": [1,}}                     | body                 | not valid JSON
            "unfinished                                                  | body                 | not valid JSON
            ''                                                           | body                 | JSON object
            [1, 2]                                                       | body                 | JSON object
            "text"                                                       | body                 | JSON object
            {"features": 1, "entity": {}, "featurs": []}                 | entity               | Unknown field
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
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.getMessage()).contains(hint);
                });
    }

    @Test
    void aPushReadsItsViewRowsAndTarget() throws IOException {
        PushRequest push = FeastRequests.push(JSON, body("""
                {"push_source_name": "v", "allow_registry_cache": {"any": ["thing"]}, "to": "online_and_offline",
                 "df": {"id": [1, 2], "f": [0.5, null]}}"""));

        assertThat(push.featureView()).isEqualTo("v");
        assertThat(push.to()).isEqualTo(PushRequest.Target.ONLINE_AND_OFFLINE);
        assertThat(push.df()).isEqualTo(Map.of("id", List.of(1L, 2L), "f", Arrays.asList(0.5, null)));
        assertThat(push.df().keySet()).containsExactly("id", "f");
    }

    @Test
    void aPushNamesItsWrongField() {
        assertThatThrownBy(() -> FeastRequests.push(JSON, body("{\"feature_view\": \"v\", \"df\": {\"id\": 1}}")))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.field()).isEqualTo("df.id"));
        assertThatThrownBy(() -> FeastRequests.push(JSON, body("{\"feature_view\": \"v\", \"rows\": {}}")))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.field()).isEqualTo("rows"));
    }

    private static OnlineQuery lookup(String body) throws IOException {
        return FeastRequests.lookup(JSON, body(body));
    }

    private static ByteArrayInputStream body(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
