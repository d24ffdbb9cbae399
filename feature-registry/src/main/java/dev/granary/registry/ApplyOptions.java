package dev.granary.registry;

import static java.util.Objects.requireNonNull;

import dev.granary.error.BadRequestException;

/**
 * How to apply a spec.
 *
 * @param author         who applies it (required, e.g. the OS user or the HTTP caller)
 * @param basedOnVersion the version the caller planned against; {@code null} skips the check. When given and
 *                       the registry has moved on, the apply fails with {@link StaleVersionException}
 * @param force          apply even if the diff has breaking changes
 * @param message        an optional note stored with the version ({@code null} for none)
 */
public record ApplyOptions(String author, Integer basedOnVersion, boolean force, String message) {
    public ApplyOptions {
        requireNonNull(author, "author is null");
        if (author.isBlank()) {
            throw new BadRequestException("author", "The author of an apply must not be blank; pass who applies it");
        }
        if (basedOnVersion != null && basedOnVersion < 0) {
            throw new BadRequestException("basedOnVersion",
                    "basedOnVersion must be 0 (no version yet) or a version number, got " + basedOnVersion);
        }
        message = message == null || message.isBlank() ? null : message;
    }

    public static ApplyOptions by(String author) {
        return new ApplyOptions(author, null, false, null);
    }

    public ApplyOptions basedOn(int version) {
        return new ApplyOptions(author, version, force, message);
    }

    public ApplyOptions forced() {
        return new ApplyOptions(author, basedOnVersion, true, message);
    }

    public ApplyOptions withMessage(String text) {
        return new ApplyOptions(author, basedOnVersion, force, text);
    }
}
