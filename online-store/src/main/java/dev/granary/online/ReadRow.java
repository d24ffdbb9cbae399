package dev.granary.online;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * One request row of a read: one {@link FeatureValue} per requested feature, in request order. A row read from a
 * store keeps each value as the stored bytes and decodes it when first asked ({@link #get}); its status and event
 * time are known without decoding ({@link #status}, {@link #eventTime}). FLOAT32 and FLOAT64 values are stored with
 * their shortest decimal ({@link Float#toString}, {@link Double#toString}), computed once when written, and code
 * that prints values (the HTTP answer) copies those bytes ({@link #copyText}) instead of decoding and formatting
 * the number on every read: formatting 5,000 doubles would be the largest single cost of a 100-row answer, and
 * building a {@code FeatureValue} and a boxed number per value the next (measured with {@code ./bench online}).
 *
 * <p>The values of one stored row (one view's part of the request row) share its blob and event time, so those
 * are kept once per stored row (a <em>part</em>), not once per value: a 100-row read allocates about half as much.
 *
 * <p>Immutable from the outside: a value decoded once is kept and handed out again (like {@code String}'s hash,
 * computing it twice in a race gives the same value).
 */
public final class ReadRow extends AbstractList<FeatureValue> implements RandomAccess {
    private static final FeatureStatus[] STATUSES = FeatureStatus.values();
    private static final byte NOT_FOUND = (byte) FeatureStatus.NOT_FOUND.ordinal();
    private static final byte PRESENT = (byte) FeatureStatus.PRESENT.ordinal();

    private final byte[] statuses;
    /** Per value: where it starts in its part's blob (a {@code PRESENT} stored value only); null in a row of given values. */
    private final int[] starts;
    /** Per value: the index of its part; null when the row has at most one part (every value in part 0). */
    private final char[] partOf;
    /** Per part: the stored row blob (its length just before each value, {@link RowCodec#lengthAt}) and event time. */
    private final byte[][] sources;
    private final Instant[] times;
    /**
     * The values given (a row not read from a store), or those decoded so far, an entry null until asked for
     * (printers never ask); the array itself is made on the first {@link #get}.
     */
    private volatile FeatureValue[] decoded;

    private ReadRow(byte[] statuses, int[] starts, char[] partOf, byte[][] sources, Instant[] times,
                    FeatureValue[] decoded) {
        // built here or by a builder dropped after build, so the arrays are taken as they are
        this.statuses = statuses;
        this.starts = starts;
        this.partOf = partOf;
        this.sources = sources;
        this.times = times;
        this.decoded = decoded;
    }

    /** A row of the given values, none of them with stored text (a row not read from a store). */
    public static ReadRow of(List<FeatureValue> values) {
        FeatureValue[] given = new FeatureValue[values.size()];
        byte[] statuses = new byte[given.length];
        for (int i = 0; i < given.length; i++) {
            given[i] = requireNonNull(values.get(i), "value is null");
            statuses[i] = (byte) given[i].status().ordinal();
        }
        return new ReadRow(statuses, null, null, null, null, given);
    }

    @Override
    public FeatureValue get(int index) {
        FeatureValue[] cache = decoded;
        FeatureValue value = cache == null ? null : cache[index];
        if (value == null) {
            value = decode(index);
            if (cache == null) {
                // a race may make two caches; the loser's entries are decoded again when asked: same values
                cache = new FeatureValue[statuses.length];
                decoded = cache;
            }
            cache[index] = value;
        }
        return value;
    }

    /**
     * The value at {@code index} (null unless {@code PRESENT}) without building its {@link FeatureValue}: code that
     * reads values one by one (a client's {@code getDouble}) would spend a fifth of a 100-row lookup building and
     * keeping 5,000 of them (measured with {@code ./bench online}). A value not yet decoded is decoded on each call.
     */
    public Object value(int index) {
        FeatureValue[] cache = decoded;
        FeatureValue kept = cache == null ? null : cache[index];
        if (kept != null) {
            return kept.value();
        }
        return statuses[index] == PRESENT ? ValueCodec.decode(source(index), starts[index], length(index)) : null;
    }

    /**
     * Whether value {@code index} is a FLOAT64 kept as the store read it (PRESENT, not null), which
     * {@link #storedDouble} reads without boxing: serving code reading the 5,000 values of a 100-row lookup one by
     * one would get each as a new {@code Double} from {@link #value}, about 120 KB a lookup (measured with
     * {@code ./bench online}).
     */
    public boolean isStoredDouble(int index) {
        return starts != null && statuses[index] == PRESENT
                && ValueCodec.isFloat64(source(index), starts[index], length(index));
    }

    /** The FLOAT64 value at {@code index}, which {@link #isStoredDouble} said it is. */
    public double storedDouble(int index) {
        return ValueCodec.float64(source(index), starts[index]);
    }

    private FeatureValue decode(int index) {
        FeatureStatus status = STATUSES[statuses[index]];
        return switch (status) {
            case NOT_FOUND -> FeatureValue.NOT_FOUND;
            case PRESENT -> new FeatureValue(ValueCodec.decode(source(index), starts[index], length(index)),
                    eventTime(index), status);
            default -> new FeatureValue(null, eventTime(index), status);
        };
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
        if (starts == null) {
            return decoded[index].eventTime();
        }
        return statuses[index] == NOT_FOUND ? null : times[part(index)];
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
        System.arraycopy(source(index), text, out, at, starts[index] + length(index) - text);
    }

    /** Where the stored text of value {@code index} starts in its source, or -1. */
    private int textStart(int index) {
        if (starts == null || statuses[index] != PRESENT) {
            return -1;
        }
        return ValueCodec.textStart(source(index), starts[index], length(index));
    }

    private int part(int index) {
        return partOf == null ? 0 : partOf[index];
    }

    private byte[] source(int index) {
        return sources[part(index)];
    }

    private int length(int index) {
        return RowCodec.lengthAt(source(index), starts[index]);
    }

    /** The values at {@code indices} of this row, in that order (a re-arranged answer); nothing is decoded. */
    public ReadRow select(int[] indices) {
        byte[] pickedStatuses = new byte[indices.length];
        int[] pickedStarts = starts == null ? null : new int[indices.length];
        char[] pickedParts = partOf == null ? null : new char[indices.length];
        FeatureValue[] cache = decoded;
        FeatureValue[] pickedValues = cache == null ? null : new FeatureValue[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int i = indices[k];
            pickedStatuses[k] = statuses[i];
            if (pickedStarts != null) {
                pickedStarts[k] = starts[i];
            }
            if (pickedParts != null) {
                pickedParts[k] = partOf[i];
            }
            if (pickedValues != null) {
                pickedValues[k] = cache[i];
            }
        }
        // the parts' arrays are never written after build, so both rows share them
        return new ReadRow(pickedStatuses, pickedStarts, pickedParts, sources, times, pickedValues);
    }

    /**
     * Collects one request row's values as a store reads them: for each view, {@link #part} with the stored row
     * (unless the entity has none), then one add per wanted feature.
     */
    static final class Builder {
        private final byte[] statuses;
        private final int[] starts;
        private char[] partOf;
        private byte[][] sources;
        private Instant[] times;
        private int parts;
        private int size;

        /**
         * @param width the number of values the row will hold
         * @param views the number of views read (stored rows the row may have parts of)
         */
        Builder(int width, int views) {
            statuses = new byte[width];
            starts = new int[width];
            sources = new byte[Math.max(1, views)][];
            times = new Instant[sources.length];
        }

        /** Starts a part: the values added next come from the row blob {@code source} with event time {@code time}. */
        void part(byte[] source, Instant time) {
            if (parts == Character.MAX_VALUE) {
                throw new InvalidOnlineRequestException("a read row can hold values of at most "
                        + (int) Character.MAX_VALUE + " views; ask for fewer views at once");
            }
            if (parts == sources.length) {
                sources = Arrays.copyOf(sources, parts * 2);
                times = Arrays.copyOf(times, parts * 2);
            }
            if (parts == 1 && partOf == null) {
                partOf = new char[statuses.length]; // the values added so far are in part 0
            }
            sources[parts] = source;
            times[parts] = time;
            parts++;
        }

        /** A value of the current part that is not {@code PRESENT} (a {@code NOT_FOUND} one needs no part). */
        void addAbsent(FeatureStatus status) {
            add((byte) status.ordinal(), 0);
        }

        /**
         * A {@code PRESENT} value of the current part, stored from {@code start} of its blob (a position from
         * {@link RowCodec#locate}; not a stored null).
         */
        void addStored(int start) {
            add((byte) FeatureStatus.PRESENT.ordinal(), start);
        }

        private void add(byte status, int start) {
            statuses[size] = status;
            starts[size] = start;
            if (partOf != null && parts > 0) {
                partOf[size] = (char) (parts - 1);
            }
            size++;
        }

        ReadRow build() {
            if (size != statuses.length) {
                throw new IllegalStateException(size + " values added to a row of " + statuses.length);
            }
            return new ReadRow(statuses, starts, partOf, sources, times, null);
        }
    }
}
