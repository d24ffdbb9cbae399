package dev.granary.cli;

import dev.granary.offline.ProgressListener;
import java.io.PrintWriter;
import java.util.concurrent.TimeUnit;

/**
 * A progress display on stderr for the offline engine's phases. On a terminal it is one line redrawn at most
 * five times a second; otherwise (a log file, CI) it prints one line per finished phase, so logs stay readable.
 */
final class ProgressBar implements ProgressListener {
    private static final long EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final boolean terminal = System.console() != null;
    private String lastPhase = "";
    private String lastLine = "";
    private long last;
    private boolean drawn;

    ProgressBar(PrintWriter err) {
        this.err = err;
    }

    @Override
    public synchronized void progress(String phase, long done, long total) {
        long now = System.nanoTime();
        boolean complete = total >= 0 && done >= total;
        if (!terminal) {
            String line = phase + ": " + done + "/" + total;
            if (complete && !line.equals(lastLine)) {
                lastLine = line;
                err.println(line);
                err.flush();
            }
            return;
        }
        if (drawn && phase.equals(lastPhase) && !complete && now - last < EVERY_NANOS) {
            return;
        }
        last = now;
        lastPhase = phase;
        drawn = true;
        String bar = total > 0
                ? "[" + "#".repeat((int) (WIDTH * Math.min(done, total) / total))
                        + ".".repeat(WIDTH - (int) (WIDTH * Math.min(done, total) / total)) + "] " + done + "/" + total
                : "[" + ".".repeat(WIDTH) + "] " + done;
        err.print("\r" + bar + " " + phase + "        ");
        err.flush();
    }

    synchronized void finish() {
        if (drawn) {
            err.println();
            err.flush();
            drawn = false;
        }
    }
}
