package dev.granary.online;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * One request row of a read: one {@link FeatureValue} per requested feature, in request order. A row read from a
 * store keeps each value as the stored bytes and decodes it when first asked ({@link #get}); its status and event
 * time are known without decoding ({@link #status}, {@link #eventTime}). FLOAT32 and FLOAT64 values are stored with
 * their shortest decimal ({@link Float#toString}, {@link Double#toString}), computed once when written, and code
 * that prints values (the HTTP answer) copies those bytes ({@link #copyText}) instead of decoding and formatting
 * the number on every read: formatting 5,000 doubles was the largest single cost of a 100-row answer, and building
 * a {@code FeatureValue} and a boxed number per value the next (measured, see {@code docs/benchmarks.md}).
 *
 * <p>Immutable from the outside: a value decoded once is kept and handed out again (like {@code String}'s hash,
 * computing it twice in a race gives the same value).
 */
public final class ReadRow extends AbstractList<FeatureValue> implements RandomAccess {
    private static final FeatureStatus[] STATUSES = FeatureStatus.values();

    private final byte[] statuses;
    private final Instant[] times;
    /**
     * Per value: the row blob holding it as stored (null unless read from a store and PRESENT) and where it starts
     * there; its length is the blob's, just before it ({@link RowCodec#lengthAt}).
     */
    private final byte[][] sources;
    private final int[] starts;
    /** Values decoded so far, or given decoded; an entry stays null until asked for (printers never ask). */
    private final FeatureValue[] decoded;

    private ReadRow(Builder b) {
        // a builder is made for the row's exact width and dropped after build, so its arrays are taken as they are
        statuses = b.statuses;
        times = b.times;
        sources = b.sources;
        starts = b.starts;
        decoded = b.decoded;
    }

    /** A row of the given values, none of them with stored text (a row not read from a store). */
    public static ReadRow of(List<FeatureValue> values) {
        Builder row = new Builder(values.size());
        for (FeatureValue value : values) {
            row.add(requireNonNull(value, "value is null"));
        }
        return row.build();
    }

    @Override
    public FeatureValue get(int index) {
        FeatureValue value = decoded[index];
        if (value == null) {
            FeatureStatus status = STATUSES[statuses[index]];
            value = switch (status) {
                case NOT_FOUND -> FeatureValue.NOT_FOUND;
                case PRESENT -> new FeatureValue(ValueCodec.decode(sources[index], starts[index], length(index)),
                        times[index], status);
                default -> new FeatureValue(null, times[index], status);
            };
            decoded[index] = value;
        }
        return value;
    }

    @Override
    public int size() {
        return statuses.length;
    }

    /** The status of value {@code index}, without decoding it. */
    public FeatureStatus status(int index) {
        return STATUSES[statuses[index]];
    }

    /** The event time of value {@code index} (null for {@link FeatureStatus#NOT_FOUND}), without decoding it. */
    public Instant eventTime(int index) {
        return times[index];
    }

    /**
     * The length in bytes of the ASCII text the store keeps for value {@code index} (the exact text of
     * {@code Double.toString} or {@code Float.toString} of its value), or -1 when it keeps none: the value is not
     * {@link FeatureStatus#PRESENT}, not a finite FLOAT32/FLOAT64, or was written before stores kept the text.
     */
    public int textLength(int index) {
        int text = textStart(index);
        return text < 0 ? -1 : starts[index] + length(index) - text;
    }

    /** Copies the text of value {@code index} into {@code out} at {@code at}; see {@link #textLength}. */
    public void copyText(int index, byte[] out, int at) {
        int text = textStart(index);
        if (text < 0) {
            throw new IllegalStateException("value " + index + " has no stored text; check textLength first");
        }
        System.arraycopy(sources[index], text, out, at, starts[index] + length(index) - text);
    }

    /** Where the stored text of value {@code index} starts in its source, or -1. */
    private int textStart(int index) {
        return sources[index] == null ? -1 : ValueCodec.textStart(sources[index], starts[index], length(index));
    }

    private int length(int index) {
        return RowCodec.lengthAt(sources[index], starts[index]);
    }

    /** The values at {@code indices} of this row, in that order (a re-arranged answer); nothing is decoded. */
    public ReadRow select(int[] indices) {
        Builder row = new Builder(indices.length);
        for (int i : indices) {
            row.add(statuses[i], times[i], sources[i], starts[i], decoded[i]);
        }
        return row.build();
    }

    /** Collects one row's values as a store reads them. */
    static final class Builder {
        private final byte[] statuses;
        private final Instant[] times;
        private final byte[][] sources;
        private final int[] starts;
        private final FeatureValue[] decoded;
        private int size;

        /** @param width the number of values the row will hold */
        Builder(int width) {
            statuses = new byte[width];
            times = new Instant[width];
            sources = new byte[width][];
            starts = new int[width];
            decoded = new FeatureValue[width];
        }

        /** A value already decoded. */
        void add(FeatureValue value) {
            add((byte) value.status().ordinal(), value.eventTime(), null, 0, value);
        }

        /** A value that is not {@code PRESENT}: no value, a time unless {@code NOT_FOUND}. */
        void addAbsent(FeatureStatus status, Instant time) {
            add((byte) status.ordinal(), time, null, 0, null);
        }

        /**
         * A {@code PRESENT} value as stored in the row blob {@code source} from {@code start} (a position from
         * {@link RowCodec#locate}; not a stored null).
         */
        void addStored(Instant time, byte[] source, int start) {
            add((byte) FeatureStatus.PRESENT.ordinal(), time, source, start, null);
        }

        private void add(byte status, Instant time, byte[] source, int start, FeatureValue value) {
            statuses[size] = status;
            times[size] = time;
            sources[size] = source;
            starts[size] = start;
            decoded[size] = value;
            size++;
        }

        ReadRow build() {
            if (size != statuses.length) {
                throw new IllegalStateException(size + " values added to a row of " + statuses.length);
            }
            return new ReadRow(this);
        }
    }
}
