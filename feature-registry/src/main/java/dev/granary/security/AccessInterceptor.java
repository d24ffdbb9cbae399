package dev.granary.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Checks every call to an endpoint of the main port against {@link AccessRules} before it runs: authenticates the
 * bearer token, then requires the rule's role (on the {@code {project}} path variable, or anywhere for endpoints
 * that check their project themselves). The caller is kept in the request for {@link #current()}. Static files of
 * the web UI are not endpoints: they hold no data and load without a token; the UI's calls need one.
 */
public final class AccessInterceptor implements HandlerInterceptor {
    private static final String CALLER = AccessInterceptor.class.getName() + ".caller";

    private final Authenticator authenticator;

    AccessInterceptor(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    /**
     * The caller of the request being handled on this thread: {@link Caller#UNCHECKED} when security is off or
     * outside a request.
     */
    public static Caller current() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        Object caller = attributes == null ? null : attributes.getAttribute(CALLER, RequestAttributes.SCOPE_REQUEST);
        return caller instanceof Caller c ? c : Caller.UNCHECKED;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod) || !authenticator.enabled()) {
            return true;
        }
        String pattern = String.valueOf(request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE));
        String route = request.getMethod() + " " + pattern;
        AccessRules.Rule rule = AccessRules.of(request.getMethod(), pattern).orElse(null);
        if (rule != null && rule.scope() == AccessRules.Scope.OPEN) {
            return true;
        }
        @SuppressWarnings("unchecked")
        Map<String, String> variables = (Map<String, String>) request.getAttribute(
                HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        String project = variables == null ? null : variables.get("project");
        if (rule == null) {
            throw Refusal.noRule(route);
        }
        // refusals go through RefusalAdvice, which records them in the audit log
        Caller caller = authenticator.authenticate(request.getHeader("Authorization"));
        if (rule.scope() == AccessRules.Scope.PATH) {
            caller.require(project, rule.role());
        } else if (!caller.hasRole(rule.role())) {
            throw Refusal.forbidden(caller.token().orElseThrow(), null, rule.role());
        }
        request.setAttribute(CALLER, caller);
        return true;
    }
}
