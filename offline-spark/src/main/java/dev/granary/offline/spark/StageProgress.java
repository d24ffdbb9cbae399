package dev.granary.offline.spark;

import dev.granary.offline.ProgressListener;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Spark's task progress forwarded to the {@link ProgressListener} of the job group that runs it, as phase
 * {@code spark}: done and total count the tasks of every stage submitted so far, so the total grows as stages are
 * planned. Each export runs in its own job group, so concurrent exports report separately.
 */
final class StageProgress extends SparkListener {
    static final String PHASE = "spark";
    private static final String GROUP = "spark.jobGroup.id";

    private record Tracker(ProgressListener listener, AtomicLong done, AtomicLong total) {
    }

    private final Map<String, Tracker> groups = new ConcurrentHashMap<>();
    private final Map<Integer, Tracker> stages = new ConcurrentHashMap<>();

    void watch(String group, ProgressListener listener) {
        groups.put(group, new Tracker(listener, new AtomicLong(), new AtomicLong()));
    }

    void forget(String group) {
        Tracker tracker = groups.remove(group);
        if (tracker != null) {
            stages.values().removeIf(t -> t == tracker);
        }
    }

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted event) {
        String group = event.properties() == null ? null : event.properties().getProperty(GROUP);
        Tracker tracker = group == null ? null : groups.get(group);
        if (tracker != null) {
            stages.put(event.stageInfo().stageId(), tracker);
            tracker.listener().progress(PHASE, tracker.done().get(), tracker.total().addAndGet(event.stageInfo().numTasks()));
        }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd event) {
        Tracker tracker = stages.get(event.stageId());
        if (tracker != null) {
            tracker.listener().progress(PHASE, tracker.done().incrementAndGet(), tracker.total().get());
        }
    }
}
