package dev.granary.reliability;

import dev.granary.export.TrainingSetJobs;
import dev.granary.export.TrainingSetRequest;
import dev.granary.export.TrainingSets;
import dev.granary.jobs.Job;
import dev.granary.jobs.JobStore;
import dev.granary.offline.ParquetOfflineEngine;
import dev.granary.registry.ApplyOptions;
import dev.granary.registry.RegistryDatabase;
import dev.granary.registry.RegistrySql;
import dev.granary.spec.RepoSpec;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * The child JVM of {@link KillNineTest}. {@code apply URL USER PROJECT}: applies two large specs in turn, forever,
 * printing {@code applied N} after each. {@code export URL USER PROJECT REPO}: exports {@code out/train.parquet} as a
 * job, printing {@code job ID} and {@code write DONE TOTAL} while it writes, and {@code DONE} at the end.
 */
public final class KillChild {
    private KillChild() {
    }

    public static void main(String[] args) throws Exception {
        try (RegistryDatabase database = RegistryDatabase.open(args[1], args[2], null)) {
            if (args[0].equals("apply")) {
                RepoSpec a = KillNineTest.largeSpec(args[3], "a");
                RepoSpec b = KillNineTest.largeSpec(args[3], "b");
                for (int n = 0; ; n++) {
                    int version = database.registry().apply(n % 2 == 0 ? a : b, ApplyOptions.by("child"))
                            .version();
                    System.out.println("applied " + version);
                    System.out.flush();
                }
            }
            Path repo = Path.of(args[4]);
            TrainingSets sets = new TrainingSets(database.registry(), new ParquetOfflineEngine(), database.dataSource(),
                    repo, repo);
            JobStore store = new JobStore(new RegistrySql(database.dataSource()), Clock.systemUTC());
            try (TrainingSetJobs jobs = new TrainingSetJobs(sets, store, 1)) {
                Job job = jobs.submit(new TrainingSetRequest(args[3], Path.of("entities.parquet"),
                        List.of("driver_stats:conv_rate", "driver_stats:trips"), null, Path.of("out/train.parquet"),
                        false, null, true)); // replaces the previous training set, as the test means it to
                System.out.println("job " + job.id());
                System.out.flush();
                for (Job now = job; !now.status().isTerminal(); now = store.find(job.id()).orElseThrow()) {
                    System.out.println("progress " + now.progress() + " " + now.message());
                    System.out.flush();
                    Thread.sleep(50);
                }
            }
        }
        System.out.println("DONE");
        System.out.flush();
    }
}
