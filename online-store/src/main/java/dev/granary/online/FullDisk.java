package dev.granary.online;

import java.io.IOException;
import java.util.Locale;
import java.util.Optional;

/**
 * Tells a write that failed because the disk (or the process's file-size limit or quota) is full: the operating
 * system's message somewhere in the cause chain, e.g. "No space left on device" or "File too large".
 */
final class FullDisk {
    private static final String[] MARKERS = {"no space left", "file too large", "disk quota exceeded",
        "not enough space"};

    private FullDisk() {
    }

    /** The operating system's message when {@code failure} was caused by a full disk, else empty. */
    static Optional<String> reason(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            String message = cause.getMessage();
            if (cause instanceof IOException && message != null) {
                String lower = message.toLowerCase(Locale.ROOT);
                for (String marker : MARKERS) {
                    if (lower.contains(marker)) {
                        return Optional.of(message);
                    }
                }
            }
        }
        return Optional.empty();
    }
}
