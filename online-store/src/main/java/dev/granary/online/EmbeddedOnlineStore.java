package dev.granary.online;

import dev.granary.spec.FeatureViewSpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;

/**
 * {@link OnlineStore} in one H2 MVStore file ({@code online.mv.db} in the given directory). One map per project
 * and view ({@code project:view}); key = the entity key's bytes, value = one {@link EmbeddedRow} (event time and
 * the {@link RowCodec} blob, the same row encoding Redis holds). Auto-commit is off and every write batch ends with one commit, so a crash
 * keeps each batch entirely or not at all; each row is one map entry, so readers never see half a row.
 */
final class EmbeddedOnlineStore implements OnlineStore {
    private final Path file;
    private final MVStore store;
    /** One writer at a time: a batch and its commit must not interleave with another batch. */
    private final ReentrantLock writeLock = new ReentrantLock();

    private final boolean floatText;

    private EmbeddedOnlineStore(Path file, MVStore store, boolean floatText) {
        this.floatText = floatText;
        this.file = file;
        this.store = store;
    }

    static EmbeddedOnlineStore open(Path directory, boolean floatText) {
        Objects.requireNonNull(directory, "directory is null");
        Path file = directory.resolve("online.mv.db");
        try {
            Files.createDirectories(directory);
            MVStore store = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open();
            return new EmbeddedOnlineStore(file, store, floatText);
        } catch (java.io.IOException | MVStoreException e) {
            if (FullDisk.reason(e).isPresent()) {
                throw new OnlineStoreException("cannot open the embedded online store at " + file
                        + ": the disk is full (" + FullDisk.reason(e).get() + "); free disk space and retry", e);
            }
            throw new OnlineStoreException("cannot open the embedded online store at " + file + ": " + e.getMessage()
                    + "; check the directory is writable and no other Granary process has it open", e);
        }
    }

    @Override
    public WriteResult write(String project, FeatureViewSpec view, List<String> featureNames, List<OnlineRow> rows) {
        ViewShape shape = ViewShape.of(view);
        String mapName = mapName(project, view.name());
        byte[][] ids = shape.fieldIds(featureNames);
        boolean complete = shape.coversAllFeatures(featureNames);
        List<String> keys = new ArrayList<>(rows.size());
        List<byte[][]> values = new ArrayList<>(rows.size());
        for (int r = 0; r < rows.size(); r++) {
            OnlineRow row = rows.get(r);
            if (row.values().size() != ids.length) {
                throw new InvalidOnlineRequestException("row " + r + " for view '" + view.name() + "' has "
                        + row.values().size() + " values for " + ids.length + " feature names " + featureNames
                        + "; give one value per feature name");
            }
            byte[][] encoded = new byte[ids.length][];
            for (int f = 0; f < ids.length; f++) {
                Object value = row.values().get(f);
                String feature = featureNames.get(f);
                encoded[f] = ValueCodec.encode(shape.typeOf(feature, value), value, feature, floatText);
            }
            keys.add(mapKey(row.key()));
            values.add(encoded);
        }
        writeLock.lock();
        try {
            MVMap<String, byte[]> map = store.openMap(mapName);
            long applied = 0;
            try {
                for (int r = 0; r < rows.size(); r++) {
                    long micros = ValueCodec.micros(rows.get(r).eventTime());
                    byte[] old = map.get(keys.get(r));
                    EmbeddedRow current = old == null ? null : EmbeddedRow.decode(old);
                    if (current == null || current.micros() < micros) {
                        byte[] row = RowCodec.encode(ids, values.get(r));
                        if (current != null && !complete) {
                            row = RowCodec.merge(current.values(), row);
                        }
                        map.put(keys.get(r), new EmbeddedRow(micros, row).encode());
                        applied++;
                    }
                }
                store.commit();
            } catch (RuntimeException e) {
                store.rollback();
                throw e;
            }
            return new WriteResult(applied, rows.size() - applied);
        } catch (MVStoreException | IllegalStateException e) {
            throw failure("write to view '" + view.name() + "' of project '" + project + "'", e);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public List<ReadRow> read(String project, List<ViewRead> reads, Instant now) {
        Objects.requireNonNull(now, "now is null");
        int rowsCount = ViewRead.rowCount(reads);
        List<int[]> ids = new ArrayList<>(reads.size());
        List<MVMap<String, byte[]>> maps = new ArrayList<>(reads.size());
        try {
            for (ViewRead read : reads) {
                ids.add(ViewShape.of(read.view()).wantedIds(read.featureNames()));
                String name = mapName(project, read.view().name());
                maps.add(store.hasMap(name) ? store.openMap(name) : null);
            }
            int width = ids.stream().mapToInt(wanted -> wanted.length).sum();
            Freshness freshness = new Freshness(now);
            List<ReadRow> out = new ArrayList<>(rowsCount);
            for (int r = 0; r < rowsCount; r++) {
                ReadRow.Builder row = new ReadRow.Builder(width, reads.size());
                for (int v = 0; v < reads.size(); v++) {
                    MVMap<String, byte[]> map = maps.get(v);
                    byte[] stored = map == null ? null : map.get(mapKey(reads.get(v).keys().get(r)));
                    if (stored == null) {
                        Freshness.addMissing(row, ids.get(v).length);
                        continue;
                    }
                    EmbeddedRow entity = EmbeddedRow.decode(stored);
                    freshness.addRow(row, ValueCodec.instant(entity.micros()), entity.values(), 0, ids.get(v),
                            reads.get(v).view());
                }
                out.add(row.build());
            }
            return List.copyOf(out);
        } catch (MVStoreException | IllegalStateException e) {
            throw failure("read from project '" + project + "'", e);
        }
    }

    @Override
    public long deleteView(String project, String viewName) {
        return removeMaps(mapName(project, viewName), true);
    }

    @Override
    public long deleteProject(String project) {
        return removeMaps(ViewShape.checkName("project", project) + ":", false);
    }

    private long removeMaps(String name, boolean exact) {
        writeLock.lock();
        try {
            long removed = 0;
            for (String map : List.copyOf(store.getMapNames())) {
                if (exact ? map.equals(name) : map.startsWith(name)) {
                    removed += store.openMap(map).sizeAsLong();
                    store.removeMap(map);
                }
            }
            store.commit();
            return removed;
        } catch (MVStoreException | IllegalStateException e) {
            throw failure("delete " + name, e);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void ping() {
        if (store.isClosed()) {
            throw new OnlineStoreException("the embedded online store at " + file + " is closed; open it again");
        }
    }

    @Override
    public void close() {
        writeLock.lock();
        try {
            if (!store.isClosed()) {
                store.close();
            }
        } finally {
            writeLock.unlock();
        }
    }

    /** Stops without committing, as a killed process would (tests use it to prove batches are never torn). */
    void crash() {
        store.closeImmediately();
    }

    private static String mapName(String project, String viewName) {
        return ViewShape.checkName("project", project) + ":" + ViewShape.checkName("view", viewName);
    }

    /** ISO-8859-1 maps each byte to one char, so the string is a lossless, comparable form of the key bytes. */
    private static String mapKey(EntityKey key) {
        return new String(EntityKeyCodec.encode(key), StandardCharsets.ISO_8859_1);
    }

    private OnlineStoreException failure(String action, RuntimeException e) {
        java.util.Optional<String> full = FullDisk.reason(e);
        if (full.isPresent()) {
            // MVStore closes itself on a failed write; the last commit on disk stays whole
            return new OnlineStoreException("embedded online store at " + file + " could not " + action
                    + ": the disk is full (" + full.get() + "); free disk space and restart Granary to reopen the"
                    + " store; every write acknowledged before this one is kept", e);
        }
        return new OnlineStoreException("embedded online store at " + file + " failed to " + action + ": "
                + e.getMessage() + "; check the disk and that the store is open", e);
    }

    /** One entity row of one view: its event time (epoch microseconds) then its {@link RowCodec} blob. */
    record EmbeddedRow(long micros, byte[] values) {
        byte[] encode() {
            return ByteBuffer.allocate(8 + values.length).putLong(micros).put(values).array();
        }

        static EmbeddedRow decode(byte[] bytes) {
            return new EmbeddedRow(ByteBuffer.wrap(bytes).getLong(), java.util.Arrays.copyOfRange(bytes, 8, bytes.length));
        }
    }
}
