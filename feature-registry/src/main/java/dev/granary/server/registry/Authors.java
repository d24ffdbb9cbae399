package dev.granary.server.registry;

/** Who is calling: the {@code author} parameter, else the {@code X-Granary-Author} header, else {@code api}. */
final class Authors {
    static final String ANONYMOUS = "api";

    private Authors() {
    }

    static String of(String parameter, String header) {
        if (parameter != null && !parameter.isBlank()) {
            return parameter.strip();
        }
        if (header != null && !header.isBlank()) {
            return header.strip();
        }
        return ANONYMOUS;
    }
}
