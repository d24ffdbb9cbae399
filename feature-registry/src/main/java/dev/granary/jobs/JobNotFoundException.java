package dev.granary.jobs;

import dev.granary.error.NotFoundException;

/** No job has the given id. HTTP 404, exit code 2. */
public class JobNotFoundException extends NotFoundException {
    public JobNotFoundException(String id) {
        super("id", "Job '" + id + "' does not exist; use the id returned by the request that started it (POST .../materializations or .../training-sets)");
    }
}
