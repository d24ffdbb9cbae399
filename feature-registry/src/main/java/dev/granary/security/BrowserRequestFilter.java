package dev.granary.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/** Applies {@link BrowserOrigins} to every call of the main port before anything else runs. */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class BrowserRequestFilter extends OncePerRequestFilter {
    private final BrowserOrigins origins;
    private final ObjectMapper json;
    private final AuditLog audit;

    BrowserRequestFilter(BrowserOrigins origins, ObjectMapper json, AuditLog audit) {
        this.origins = origins;
        this.json = json;
        this.audit = audit;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            boolean hasBody = request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
            origins.check(request.getMethod(), request.getHeader("Origin"), request.getHeader("Host"),
                    request.getContentType(), hasBody);
        } catch (RequestRefusedException e) {
            audit.denied(request.getMethod() + " " + request.getRequestURI(), e);
            Refusals.write(response, e, json);
            return;
        }
        chain.doFilter(request, response);
    }
}
