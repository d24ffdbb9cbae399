package dev.granary.security;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a state-changing call (any method but GET, HEAD and OPTIONS) must look like so that a web page on another
 * site cannot make a user's browser send it: an {@code Origin} header, when present, is the server's own
 * ({@code scheme://Host}) or listed in {@code server.allowedOrigins}; a body is JSON. A browser sends a foreign
 * form or a "simple" cross-site request without asking first, but never without its {@code Origin}, and cannot
 * send a JSON content type cross-site without a CORS preflight that only the listed origins pass. A body with no
 * content type and no {@code Origin} comes from a program, not a page (Feast's clients post JSON so), and passes
 * to the endpoint, which reads it as JSON or refuses it.
 */
public final class BrowserOrigins {
    private final Set<String> allowed;

    public BrowserOrigins(List<String> allowedOrigins) {
        this.allowed = allowedOrigins.stream().map(BrowserOrigins::normal).collect(Collectors.toUnmodifiableSet());
    }

    /** The origins of {@code server.allowedOrigins}, as configured. */
    public List<String> allowed() {
        return allowed.stream().sorted().toList();
    }

    /** Whether {@code method} changes state (everything but GET, HEAD, OPTIONS and TRACE). */
    public static boolean changesState(String method) {
        return switch (method.toUpperCase(Locale.ROOT)) {
            case "GET", "HEAD", "OPTIONS", "TRACE" -> false;
            default -> true;
        };
    }

    /**
     * Checks a call's origin and content type.
     *
     * @param host        the {@code Host} header (null when absent)
     * @param contentType the {@code Content-Type} header (null when absent)
     * @param hasBody     whether the request carries a body
     * @throws RequestRefusedException 403 for a foreign origin, 415 for a body that is not JSON
     */
    public void check(String method, String origin, String host, String contentType, boolean hasBody) {
        if (!changesState(method)) {
            return;
        }
        if (origin != null && !own(origin, host) && !allowed.contains(normal(origin))) {
            throw new RequestRefusedException("CROSS_ORIGIN_REFUSED", 403, "Origin", "Origin " + origin
                    + " is not this server's own; state-changing calls from another site's pages are refused."
                    + " To allow that site, add it to server.allowedOrigins in granary.yaml");
        }
        // no content type at all passes only without an Origin: Feast's clients send none, while a page can post
        // a typeless body (a Blob) cross-site without a preflight but never without its Origin
        boolean typelessNonBrowser = contentType == null && origin == null;
        if ((hasBody || contentType != null) && !json(contentType) && !typelessNonBrowser) {
            throw new RequestRefusedException("UNSUPPORTED_MEDIA_TYPE", 415, "Content-Type", "Content type "
                    + contentType + " is not supported; send Content-Type: application/json");
        }
    }

    private static boolean own(String origin, String host) {
        if (host == null) {
            return false;
        }
        String o = normal(origin);
        String h = host.toLowerCase(Locale.ROOT);
        return o.equals("http://" + h) || o.equals("https://" + h);
    }

    private static boolean json(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        int parameters = type.indexOf(';');
        type = (parameters < 0 ? type : type.substring(0, parameters)).strip();
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
    }

    private static String normal(String origin) {
        String o = origin.strip().toLowerCase(Locale.ROOT);
        return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
    }
}
