package dev.granary.security;

/** The refusals of the token checks, each naming what is missing and never the secret. */
final class Refusal {
    private Refusal() {
    }

    static RequestRefusedException noToken() {
        return new RequestRefusedException("TOKEN_REQUIRED", 401, "Authorization", "This server requires a token:"
                + " send the header 'Authorization: Bearer <token>' (an admin makes one with granary token create;"
                + " the CLI sends GRANARY_TOKEN)");
    }

    static RequestRefusedException malformed() {
        return new RequestRefusedException("TOKEN_REQUIRED", 401, "Authorization", "The Authorization header is"
                + " not 'Bearer <token>'; send the token that granary token create printed");
    }

    static RequestRefusedException unknown() {
        return new RequestRefusedException("TOKEN_INVALID", 401, "Authorization", "The bearer token is not one"
                + " this server issued; check GRANARY_TOKEN or ask an admin for a token");
    }

    static RequestRefusedException revoked(ApiToken token) {
        return new RequestRefusedException("TOKEN_REVOKED", 401, "Authorization", "Token " + token.id() + " ('"
                + token.name() + "') was revoked; ask an admin for a new one", token, null);
    }

    static RequestRefusedException expired(ApiToken token) {
        return new RequestRefusedException("TOKEN_EXPIRED", 401, "Authorization", "Token " + token.id() + " ('"
                + token.name() + "') expired at " + token.expiresAt().orElseThrow() + "; ask an admin for a new one", token, null);
    }

    static RequestRefusedException forbidden(ApiToken token, String project, Role role) {
        String what = project == null ? "" : project.equals(ApiToken.ALL_PROJECTS)
                ? " on every project (a token made with --project '*')" : " on project '" + project + "'";
        return new RequestRefusedException("FORBIDDEN", 403, token.actsOn(project == null ? token.project() : project)
                ? "role" : "project", "Token '" + token.name() + "' is " + article(token.role()) + " "
                + token.role().label() + (token.project().equals(ApiToken.ALL_PROJECTS) ? " on every project"
                : " on project '" + token.project() + "'") + "; this call needs the role " + role.label() + what,
                token, project);
    }

    static RequestRefusedException noRule(String route) {
        return new RequestRefusedException("FORBIDDEN", 403, null, "The endpoint " + route + " has no access rule,"
                + " so it is refused; this is a server bug, report it");
    }

    static RequestRefusedException restricted(ApiToken token, String project, java.util.List<String> features) {
        String named = String.join(", ", features);
        boolean one = features.size() == 1;
        return new RequestRefusedException("RESTRICTED_FEATURE", 403, "features", (one ? "Feature " : "Features ")
                + named + " of project '" + project + "' " + (one ? "is" : "are") + " restricted and token '"
                + token.name() + "' was not granted " + (one ? "it" : "them") + "; an admin grants "
                + (one ? "it" : "each") + " with: granary token grant " + token.id() + " " + features.getFirst(),
                token, project);
    }

    private static String article(Role role) {
        return role == Role.ADMIN ? "an" : "a";
    }
}
