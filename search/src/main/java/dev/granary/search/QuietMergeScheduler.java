package dev.granary.search;

import org.apache.lucene.index.ConcurrentMergeScheduler;

/**
 * Lucene's merge scheduler, except that a failed background merge is logged in one line instead of escaping its
 * thread as an uncaught exception (a raw stack trace on stderr). A failed merge changes no commit: the index keeps
 * its last commit, and the next write that needs the disk reports the failure as a {@link CatalogException}.
 */
final class QuietMergeScheduler extends ConcurrentMergeScheduler {
    private static final System.Logger LOG = System.getLogger(LuceneCatalog.class.getName());

    private final String where;

    QuietMergeScheduler(String where) {
        this.where = where;
    }

    @Override
    protected void handleMergeException(Throwable failure) {
        String full = LuceneCatalog.diskFullMessage(failure);
        if (full != null) {
            LOG.log(System.Logger.Level.WARNING, "a background merge of the catalog at " + where
                    + " failed: the disk is full (" + full + "); the catalog keeps its last commit");
        } else {
            LOG.log(System.Logger.Level.WARNING, "a background merge of the catalog at " + where
                    + " failed; the catalog keeps its last commit", failure);
        }
    }
}
