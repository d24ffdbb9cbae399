package dev.granary.serving;

import dev.granary.client.error.GranaryClientException;
import dev.granary.client.error.LookupFailedException;
import dev.granary.error.BadRequestException;
import dev.granary.error.GranaryException;
import dev.granary.error.StorageException;

/**
 * The lookup core's errors (the client module's, which know no HTTP) as the service's own, translated once where the
 * service calls the core, so both front ends and the CLI map them like every other error.
 */
final class ServingErrors {
    private ServingErrors() {
    }

    static GranaryException translate(GranaryClientException e) {
        if (e instanceof LookupFailedException) {
            return new StorageException(e.getMessage(), e);
        }
        return new BadRequestException(e.code(), e.field(), e.getMessage(), e);
    }
}
