package dev.granary.serving;

import dev.granary.online.ReadRow;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * A minimal JSON writer into a growing UTF-8 byte array, for the one response that is hot enough to need it
 * ({@link FeastResponse}: 15,000 entries for 100 rows of 50 features). Constant pieces are written as prepared
 * bytes and numbers as their ASCII digits, without a generator's per-call bookkeeping. Text is escaped as JSON
 * requires ({@code " \ } and control characters); non-finite numbers are written as strings ({@code "NaN"}), as
 * Jackson does by default, so both writers give the same JSON.
 *
 * <p>Not thread-safe: one per thread, reused through {@link #forThisThread()}.
 */
final class JsonBytes {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = ascii("null");
    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");
    /** A buffer grown past this is dropped after use rather than kept for the thread. */
    private static final int KEEP_BYTES = 4 << 20;
    private static final ThreadLocal<JsonBytes> PER_THREAD = ThreadLocal.withInitial(() -> new JsonBytes(8192));

    private byte[] buf;
    private int size;
    /** Scratch for one number's text: the longest double or float is 24 characters. */
    private final StringBuilder digits = new StringBuilder(32);
    private final char[] chars = new char[32];

    private JsonBytes(int capacity) {
        buf = new byte[capacity];
    }

    /** This thread's writer, emptied. */
    static JsonBytes forThisThread() {
        JsonBytes json = PER_THREAD.get();
        if (json.buf.length > KEEP_BYTES) {
            json.buf = new byte[8192];
        }
        json.size = 0;
        return json;
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** {@code text} as a quoted, escaped JSON string, ready for {@link #raw(byte[])}. */
    static byte[] quoted(String text) {
        JsonBytes json = new JsonBytes(text.length() + 2);
        json.string(text);
        return Arrays.copyOf(json.buf, json.size);
    }

    /** {@code time} as a quoted ISO-8601 string ({@link #instant}), ready for {@link #raw(byte[])}. */
    static byte[] quoted(Instant time) {
        JsonBytes json = new JsonBytes(IsoInstant.MAX_LENGTH + 2);
        json.instant(time);
        return Arrays.copyOf(json.buf, json.size);
    }

    int size() {
        return size;
    }

    void writeTo(OutputStream out) throws IOException {
        out.write(buf, 0, size);
    }

    void writeTo(ByteBuf out) {
        out.writeBytes(buf, 0, size);
    }

    JsonBytes raw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, size, bytes.length);
        size += bytes.length;
        return this;
    }

    /** Appends a copy of the bytes already written at {@code [start, end)}. */
    JsonBytes copy(int start, int end) {
        int length = end - start;
        ensure(length);
        System.arraycopy(buf, start, buf, size, length);
        size += length;
        return this;
    }

    JsonBytes raw(char c) {
        ensure(1);
        buf[size++] = (byte) c;
        return this;
    }

    JsonBytes nullValue() {
        return raw(NULL);
    }

    JsonBytes bool(boolean value) {
        return raw(value ? TRUE : FALSE);
    }

    JsonBytes number(long value) {
        if (value == Long.MIN_VALUE) {
            return asciiText(Long.toString(value));
        }
        ensure(20);
        if (value < 0) {
            buf[size++] = '-';
            value = -value;
        }
        int digits = 1;
        for (long rest = value / 10; rest != 0; rest /= 10) {
            digits++;
        }
        for (int i = size + digits - 1; i >= size; i--) {
            buf[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        size += digits;
        return this;
    }

    /**
     * The JDK's shortest decimal, the text of {@link Double#toString(double)}, which is faster than a hand-written
     * Schubfach (measured with {@code ./bench online}). Appended to a reused builder rather
     * than made a String: {@code Double.toString} allocates three objects per value, 45% of a 100-row answer's
     * garbage (measured with JFR).
     */
    JsonBytes number(double value) {
        if (!Double.isFinite(value)) {
            return string(Double.toString(value));
        }
        digits.setLength(0);
        digits.append(value);
        return asciiDigits();
    }

    /**
     * Appends the decimal text the store keeps for value {@code index} of {@code row} and returns true, or returns
     * false (writing nothing) when it keeps none. The text is that of {@link #number(double)}, so both agree.
     */
    boolean storedText(ReadRow row, int index) {
        int n = row.textLength(index);
        if (n < 0) {
            return false;
        }
        ensure(n);
        row.copyText(index, buf, size);
        size += n;
        return true;
    }

    JsonBytes number(float value) {
        if (!Float.isFinite(value)) {
            return string(Float.toString(value));
        }
        digits.setLength(0);
        digits.append(value);
        return asciiDigits();
    }

    /** {@code time} as a quoted ISO-8601 string, the text of {@link Instant#toString()}. */
    JsonBytes instant(Instant time) {
        if (!IsoInstant.fits(time)) {
            return string(time.toString());
        }
        ensure(IsoInstant.MAX_LENGTH + 2);
        buf[size++] = '"';
        size = IsoInstant.write(time, buf, size);
        buf[size++] = '"';
        return this;
    }

    /** A quoted JSON string: UTF-8, with {@code "}, {@code \} and control characters escaped. */
    JsonBytes string(String text) {
        ensure(text.length() * 3 + 2);
        buf[size++] = '"';
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                buf[size++] = (byte) c;
            } else if (c < 0x80) {
                escape(c);
            } else {
                // rare in feature values: hand the rest to the JDK's encoder (surrogate pairs included)
                byte[] rest = text.substring(i).getBytes(StandardCharsets.UTF_8);
                ensure(rest.length * 6 + 1);
                for (byte b : rest) {
                    if (b >= 0 && (b < 0x20 || b == '"' || b == '\\')) {
                        escape((char) b);
                    } else {
                        buf[size++] = b;
                    }
                }
                break;
            }
        }
        ensure(1);
        buf[size++] = '"';
        return this;
    }

    private void escape(char c) {
        ensure(6);
        buf[size++] = '\\';
        switch (c) {
            case '"' -> buf[size++] = '"';
            case '\\' -> buf[size++] = '\\';
            case '\n' -> buf[size++] = 'n';
            case '\r' -> buf[size++] = 'r';
            case '\t' -> buf[size++] = 't';
            case '\b' -> buf[size++] = 'b';
            case '\f' -> buf[size++] = 'f';
            default -> {
                buf[size++] = 'u';
                buf[size++] = '0';
                buf[size++] = '0';
                buf[size++] = HEX[(c >> 4) & 0xF];
                buf[size++] = HEX[c & 0xF];
            }
        }
    }

    private JsonBytes asciiDigits() {
        int n = digits.length();
        digits.getChars(0, n, chars, 0);
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[size++] = (byte) chars[i];
        }
        return this;
    }

    // String.getBytes(int, int, byte[], int) is deprecated because it drops the high byte of each char, which is
    // exactly right for ASCII and is one array copy of the string's Latin-1 bytes; a charAt loop cost as much as
    // the formatting it copied (measured)
    @SuppressWarnings("deprecation")
    @SuppressForbidden
    private JsonBytes asciiText(String text) {
        int n = text.length();
        ensure(n);
        text.getBytes(0, n, buf, size);
        size += n;
        return this;
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }
}
