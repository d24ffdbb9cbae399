package dev.granary.online;

import dev.granary.spec.FeatureViewSpec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The Redis key layout and value format both Redis stores share (standalone and Cluster): keys
 * {@code <prefix><project>:<view>:{<entity bytes>}}, values {@code <event time micros>|<row blob>}. Encoding a write
 * and decoding a read live here so the two stores store and read exactly the same bytes.
 */
final class RedisRows {
    private static final byte[] ONE = {'1'};
    private static final byte[] ZERO = {'0'};

    private RedisRows() {
    }

    /**
     * The rows of one write, encoded: the script's "complete" flag, and per row its key, event time (decimal
     * micros) and whole value.
     */
    record Encoded(byte[] complete, byte[][] keys, byte[][] micros, byte[][] values) {
        int size() {
            return keys.length;
        }
    }

    /** {@code <prefix><project>:<view>:}, the names checked. */
    static byte[] keyStart(String keyPrefix, String project, String viewName) {
        return (keyPrefix + ViewShape.checkName("project", project) + ":"
                + ViewShape.checkName("view", viewName) + ":").getBytes(StandardCharsets.UTF_8);
    }

    /** {@code <prefix><project>:}, the name checked. */
    static byte[] projectStart(String keyPrefix, String project) {
        return (keyPrefix + ViewShape.checkName("project", project) + ":").getBytes(StandardCharsets.UTF_8);
    }

    /** {@code start + "{" + entity + "}"}: the hash tag keeps all views of one entity in one Cluster slot. */
    static byte[] key(byte[] keyStart, EntityKey entity) {
        byte[] e = EntityKeyCodec.encode(entity);
        byte[] key = new byte[keyStart.length + e.length + 2];
        System.arraycopy(keyStart, 0, key, 0, keyStart.length);
        key[keyStart.length] = '{';
        System.arraycopy(e, 0, key, keyStart.length + 1, e.length);
        key[key.length - 1] = '}';
        return key;
    }

    /** Encodes every row before anything is sent, so bad input leaves Redis untouched. */
    static Encoded encode(String keyPrefix, String project, FeatureViewSpec view, List<String> featureNames,
                          List<OnlineRow> rows, boolean floatText) {
        ViewShape shape = ViewShape.of(view);
        byte[] keyStart = keyStart(keyPrefix, project, view.name());
        byte[][] ids = shape.fieldIds(featureNames);
        int n = ids.length;
        byte[][] keys = new byte[rows.size()][];
        byte[][] micros = new byte[rows.size()][];
        byte[][] values = new byte[rows.size()][];
        byte[][] featureValues = new byte[n][];
        for (int r = 0; r < rows.size(); r++) {
            OnlineRow row = rows.get(r);
            if (row.values().size() != n) {
                throw new InvalidOnlineRequestException("row " + r + " for view '" + view.name() + "' has "
                        + row.values().size() + " values for " + n + " feature names " + featureNames
                        + "; give one value per feature name");
            }
            keys[r] = key(keyStart, row.key());
            micros[r] = Long.toString(ValueCodec.micros(row.eventTime())).getBytes(StandardCharsets.US_ASCII);
            for (int f = 0; f < n; f++) {
                Object value = row.values().get(f);
                String feature = featureNames.get(f);
                featureValues[f] = ValueCodec.encode(shape.typeOf(feature, value), value, feature, floatText);
            }
            values[r] = RowCodec.encode(micros[r], ids, featureValues);
        }
        return new Encoded(shape.coversAllFeatures(featureNames) ? ONE : ZERO, keys, micros, values);
    }

    /** The keys of a multi-view read: {@code [view][request row]}. */
    static byte[][][] readKeys(String keyPrefix, String project, List<ViewRead> reads, int rowsCount) {
        byte[][][] keys = new byte[reads.size()][][];
        for (int v = 0; v < reads.size(); v++) {
            ViewRead read = reads.get(v);
            byte[] start = keyStart(keyPrefix, project, read.view().name());
            byte[][] viewKeys = new byte[rowsCount][];
            for (int r = 0; r < rowsCount; r++) {
                viewKeys[r] = key(start, read.keys().get(r));
            }
            keys[v] = viewKeys;
        }
        return keys;
    }

    /** The field ids each read wants, per view, in request order. */
    static List<int[]> wantedIds(List<ViewRead> reads) {
        List<int[]> wanted = new ArrayList<>(reads.size());
        for (ViewRead read : reads) {
            wanted.add(ViewShape.of(read.view()).wantedIds(read.featureNames()));
        }
        return wanted;
    }

    /** Builds the answer of a multi-view read from the stored values {@code [view][request row]} (null: no row). */
    static List<ReadRow> toReadRows(List<ViewRead> reads, List<int[]> wanted, byte[][][] stored, int rowsCount,
                                    Instant now) {
        int width = 0;
        for (int[] ids : wanted) {
            width += ids.length;
        }
        Freshness freshness = new Freshness(now);
        List<ReadRow> out = new ArrayList<>(rowsCount);
        for (int r = 0; r < rowsCount; r++) {
            ReadRow.Builder row = new ReadRow.Builder(width, reads.size());
            for (int v = 0; v < reads.size(); v++) {
                byte[] value = stored[v][r];
                if (value == null) {
                    Freshness.addMissing(row, wanted.get(v).length);
                    continue;
                }
                // the value is "<event time micros>|<row blob>"
                boolean negative = value[0] == '-';
                int bar = negative ? 1 : 0;
                long micros = 0;
                for (; value[bar] != '|'; bar++) {
                    micros = micros * 10 + (value[bar] - '0');
                }
                Instant ts = ValueCodec.instant(negative ? -micros : micros);
                freshness.addRow(row, ts, value, bar + 1, wanted.get(v), reads.get(v).view());
            }
            out.add(row.build());
        }
        return Collections.unmodifiableList(out);
    }

    /** A glob matching every key starting with {@code keyStart} (for SCAN MATCH). */
    static byte[] globAll(byte[] keyStart) {
        String escaped = new String(keyStart, StandardCharsets.UTF_8).replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
        return (escaped + "*").getBytes(StandardCharsets.UTF_8);
    }

    /** The URL with any user and password in it replaced by {@code ***}. */
    static String redact(String url) {
        return url.replaceAll("//[^@/]*@", "//***@");
    }
}
