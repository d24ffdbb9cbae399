package dev.granary.server.system;

import dev.granary.config.GranaryConfig;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a request whose declared body is over {@code limits.maxBodyBytes} with 413 and a JSON error naming the
 * limit, before anything reads it (the serving port does the same in its aggregator). A body of undeclared length
 * (chunked) is read through {@link LimitedBody}, which fails with the same 413 once it passes the limit.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class BodySizeLimit extends OncePerRequestFilter {
    private final long maxBodyBytes;

    BodySizeLimit(GranaryConfig config) {
        this.maxBodyBytes = config.limits().maxBodyBytes();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > maxBodyBytes) {
            response.setStatus(413);
            response.setContentType("application/json");
            response.getWriter().write("{\"error\":\"PAYLOAD_TOO_LARGE\",\"message\":\"The request body has "
                    + request.getContentLengthLong() + " bytes; the most is limits.maxBodyBytes = " + maxBodyBytes
                    + "\",\"field\":\"body\"}");
            return;
        }
        chain.doFilter(request.getContentLengthLong() < 0 && request.getHeader("Transfer-Encoding") != null
                ? new LimitedBody(request, maxBodyBytes) : request, response);
    }
}
