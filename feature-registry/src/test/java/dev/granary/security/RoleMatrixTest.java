package dev.granary.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.granary.serving.OnlineHttpServer;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import dev.granary.security.AccessTable.Call;
import dev.granary.security.AccessTable.Row;
import dev.granary.security.AccessTable.Who;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every endpoint of both ports against every kind of caller, each answer asserted from {@link AccessTable}. The
 * endpoints come from Spring's handler mappings and the serving port's route list: an endpoint added without a row
 * there fails {@link #theTableCoversEveryEndpointOfBothPorts}.
 */
class RoleMatrixTest extends SecuredServer {
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void theTableCoversEveryEndpointOfBothPorts() {
        Set<String> routes = new TreeSet<>();
        mappings.getHandlerMethods().forEach((info, method) -> {
            Set<String> methods = new TreeSet<>();
            info.getMethodsCondition().getMethods().forEach(m -> methods.add(m.name()));
            if (methods.isEmpty()) {
                methods.add("*");
            }
            for (String pattern : info.getPatternValues()) {
                methods.forEach(m -> routes.add(m + " " + pattern));
            }
        });
        OnlineHttpServer.ROUTES.forEach(r -> routes.add("SERVING POST " + r));
        OnlineHttpServer.GET_ROUTES.forEach(r -> routes.add("SERVING GET " + r));
        Set<String> inTable = new TreeSet<>();
        TABLE.rows().stream().filter(r -> r.restricted() == null).forEach(r -> inTable.add(r.route()));
        TABLE.rows().stream().filter(r -> r.restricted() != null).forEach(r -> assertThat(routes)
                .as("a RESTRICTED row names a real route").contains(r.route().substring("RESTRICTED ".length())
                        .replaceFirst(" \\(.*\\)$", "")));
        assertThat(inTable).as("every endpoint needs a row in AccessTable.rows()").containsExactlyElementsOf(routes);
        // and the server's own rule table covers the same endpoints
        routes.stream().filter(r -> !r.startsWith("SERVING ")).forEach(r -> assertThat(
                AccessRules.of(r.substring(0, r.indexOf(' ')), r.substring(r.indexOf(' ') + 1))).as(r).isPresent());
    }

    @Test
    void everyEndpointAnswersEachCallerAsTheTableSays() {
        List<String> failures = new ArrayList<>();
        for (Row row : TABLE.rows()) {
            for (Who who : Who.values()) {
                int expected = row.expected()[who.ordinal()];
                HttpResponse<String> answer = send(row.call(), who);
                int status = answer.statusCode();
                boolean ok = expected == AccessTable.OPEN ? status != 401 && status != 403 : status == expected;
                if (!ok) {
                    failures.add(row.route() + " as " + who + ": expected " + expected + ", got " + status + " "
                            + answer.body());
                    continue;
                }
                if (status == 401 || status == 403) {
                    JsonNode body = json(answer.body());
                    if (!body.hasNonNull("error") || !body.hasNonNull("message")) {
                        failures.add(row.route() + " as " + who + ": no JSON error: " + answer.body());
                    }
                    boolean restrictedRefusal = body.path("error").asText().equals("RESTRICTED_FEATURE");
                    if (status == 403 && !restrictedRefusal
                            && !body.path("message").asText().contains("needs the role")) {
                        failures.add(row.route() + " as " + who + ": 403 does not name the role: " + answer.body());
                    }
                    if (restrictedRefusal && (row.restricted() == null
                            || !body.path("message").asText().contains(row.restricted()))) {
                        failures.add(row.route() + " as " + who + ": 403 does not name " + row.restricted() + ": "
                                + answer.body());
                    }
                    for (Who w : Who.values()) {
                        if (SECRETS.get(w) != null && answer.body().contains(SECRETS.get(w))) {
                            failures.add(row.route() + " as " + who + ": a token secret is in the answer");
                        }
                    }
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void metricsNeedAReaderOfEveryProject() {
        TokenStore tokens = new TokenStore(database.dataSource());
        String scraper = tokens.create(ApiToken.ALL_PROJECTS, Role.READER, "matrix-prometheus", Optional.empty())
                .secret();
        for (boolean servingPort : List.of(false, true)) {
            Call metrics = new Call("GET", () -> "/metrics", () -> null, servingPort)
                    .withHeader("Authorization", "Bearer " + scraper);
            HttpResponse<String> answer = send(metrics, Who.NONE);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(answer.body()).contains("granary_online_circuit_state");
        }
    }
}
