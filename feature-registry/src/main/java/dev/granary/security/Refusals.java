package dev.granary.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.granary.server.system.ErrorBody;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.MediaType;

/** Writes a refusal from a servlet filter as the JSON {@link ErrorBody} every other error has. */
final class Refusals {
    private Refusals() {
    }

    static void write(HttpServletResponse response, RequestRefusedException e, ObjectMapper json) throws IOException {
        response.setStatus(e.httpStatus());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        if (e.httpStatus() == 401) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"granary\"");
        }
        json.writeValue(response.getOutputStream(), ErrorBody.of(e));
    }
}
