package dev.granary.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one coercion: every number checked against its declared type, Feast's timestamp spellings read as UTC. */
class TypedValuesTest {
    private static final BigInteger TWO_TO_64_PLUS_7 = BigInteger.TWO.pow(64).add(BigInteger.valueOf(7));

    @Test
    void integersFitTheirTypeOrAreRefused() {
        assertThat(TypedValues.of(ValueType.INT32, 7L, false)).isEqualTo(7);
        assertThat(TypedValues.of(ValueType.INT64, BigInteger.valueOf(Long.MAX_VALUE), false))
                .isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(() -> TypedValues.of(ValueType.INT32, 1L << 31, false))
                .isInstanceOf(ValueMismatchException.class).hasMessageContaining("INT32");
        assertThatThrownBy(() -> TypedValues.of(ValueType.INT64, TWO_TO_64_PLUS_7, false))
                .isInstanceOf(ValueMismatchException.class).hasMessageContaining("18446744073709551623");
        assertThatThrownBy(() -> TypedValues.of(ValueType.INT64, 1.5, false))
                .isInstanceOf(ValueMismatchException.class).hasMessageContaining("integer");
        assertThatThrownBy(() -> TypedValues.of(ValueType.INT64, "12", false))
                .isInstanceOf(ValueMismatchException.class);
    }

    @Test
    void floatsAreFiniteAndWithinTheirRangeUnlessAllowed() {
        assertThat(TypedValues.of(ValueType.FLOAT32, 0.5, false)).isEqualTo(0.5f);
        assertThat(TypedValues.of(ValueType.FLOAT64, 3L, false)).isEqualTo(3.0);
        assertThatThrownBy(() -> TypedValues.of(ValueType.FLOAT32, 1e39, false))
                .isInstanceOf(ValueMismatchException.class).hasMessageContaining("FLOAT32");
        // what a JSON reader makes of 1e400
        assertThatThrownBy(() -> TypedValues.of(ValueType.FLOAT64, Double.POSITIVE_INFINITY, false))
                .isInstanceOf(ValueMismatchException.class).hasMessageContaining("finite");
        assertThatThrownBy(() -> TypedValues.of(ValueType.FLOAT64, Double.parseDouble("1e400"), false))
                .isInstanceOf(ValueMismatchException.class);
        assertThat((Double) TypedValues.of(ValueType.FLOAT64, Double.NaN, true)).isNaN();
        assertThat(TypedValues.of(ValueType.FLOAT64, TWO_TO_64_PLUS_7, false)).isEqualTo(1.8446744073709552E19);
    }

    @Test
    void listsHoldTheirElementTypeAndNoNulls() {
        assertThat(TypedValues.of(ValueType.INT32_LIST, List.of(1L, 2L), false)).isEqualTo(List.of(1, 2));
        assertThatThrownBy(() -> TypedValues.of(ValueType.INT64_LIST, Arrays.asList(1L, null), false))
                .isInstanceOf(ValueMismatchException.class).hasMessageContaining("[1]");
        assertThatThrownBy(() -> TypedValues.of(ValueType.FLOAT32_LIST, List.of(1e300), false))
                .isInstanceOf(ValueMismatchException.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            2022-05-13T10:59:42Z             | 2022-05-13T10:59:42Z
            2022-05-13 10:59:42+00:00        | 2022-05-13T10:59:42Z
            2022-05-13T10:59:42              | 2022-05-13T10:59:42Z
            2022-05-13 10:59:42.123456       | 2022-05-13T10:59:42.123456Z
            2022-05-13T12:59:42.5+02:00      | 2022-05-13T10:59:42.500Z
            """)
    void feastsTimestampSpellingsAreRead(String text, String instant) {
        assertThat(TypedValues.of(ValueType.TIMESTAMP, text, false)).isEqualTo(Instant.parse(instant));
    }

    @Test
    void textThatIsNoTimeIsRefused() {
        assertThatThrownBy(() -> TypedValues.instant("yesterday")).isInstanceOf(ValueMismatchException.class)
                .hasMessageContaining("ISO-8601");
    }

    @Test
    void commandLineTextIsParsedInTheType() {
        assertThat(TypedValues.ofText(ValueType.INT64, " 1001 ")).isEqualTo(1001L);
        assertThat(TypedValues.ofText(ValueType.BOOL, "TRUE")).isEqualTo(true);
        assertThat(TypedValues.ofText(ValueType.STRING, "x")).isEqualTo("x");
        assertThatThrownBy(() -> TypedValues.ofText(ValueType.INT64, TWO_TO_64_PLUS_7.toString()))
                .isInstanceOf(ValueMismatchException.class);
        assertThatThrownBy(() -> TypedValues.ofText(ValueType.INT32, "abc"))
                .isInstanceOf(ValueMismatchException.class).hasMessageContaining("integer");
    }

    @Test
    void timestampsAreNumericForStatisticsAndTheCatalogAlike() {
        assertThat(ValueKind.of(ValueType.TIMESTAMP)).isEqualTo(ValueKind.NUMERIC);
        assertThat(ValueKind.of(ValueType.FLOAT32)).isEqualTo(ValueKind.NUMERIC);
        assertThat(ValueKind.of(ValueType.STRING)).isEqualTo(ValueKind.CATEGORICAL);
        assertThat(ValueKind.of(ValueType.INT64_LIST)).isEqualTo(ValueKind.CATEGORICAL);
    }
}
