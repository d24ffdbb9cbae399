package dev.granary.server.system;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat's error report for requests it refuses before Spring sees them (a request line over the header limit,
 * {@code %2f %00 %5c} in a path, a malformed request): the same JSON shape as every other error,
 * {@code {"error": "BAD_REQUEST", "message": ...}}, instead of Tomcat's HTML page. It never shows a stack trace
 * or the server's version.
 */
final class JsonErrorValve extends ErrorReportValve {
    JsonErrorValve() {
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        String error = status == 404 ? "NOT_FOUND" : status < 500 ? "BAD_REQUEST" : "INTERNAL_ERROR";
        String message = status < 500
                ? "The request was refused by the HTTP server (" + status + "): its request line, headers or path"
                + " are malformed or too long (encoded '/', '\\\\' or NUL are not allowed in paths); see docs/api.md"
                : "The server failed to handle the request; the details are in the server log";
        try {
            response.setContentType("application/json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write("{\"error\":\"" + error + "\",\"message\":\"" + message.replace("\\", "\\\\")
                        .replace("\"", "\\\"") + "\"}");
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client went away: nothing to answer
        }
    }

}
