package dev.granary.security;

import dev.granary.error.BadRequestException;
import java.util.Locale;

/**
 * What a token may do on its project. Each role includes the ones before it: readers look up, export, search and
 * read the registry; writers also apply, roll back, materialize and push; admins also manage tokens and grants
 * and read the audit log.
 */
public enum Role {
    READER, WRITER, ADMIN;

    /** Whether this role includes {@code needed}. */
    public boolean covers(Role needed) {
        return ordinal() >= needed.ordinal();
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws BadRequestException naming {@code role} when the text is not reader, writer or admin */
    public static Role parse(String text) {
        if (text != null) {
            for (Role role : values()) {
                if (role.label().equals(text.strip().toLowerCase(Locale.ROOT))) {
                    return role;
                }
            }
        }
        throw new BadRequestException("role", "role '" + text + "' is unknown; use reader, writer or admin");
    }
}
