package io.complianceconnect.groups.client;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.DateTimeException;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Rfc3339Test {

    @ParameterizedTest
    @CsvSource({
            "2024-05-01T12:34:56Z,            2024-05-01T12:34:56Z",
            "2024-05-01t12:34:56z,            2024-05-01T12:34:56Z",
            "2024-05-01 12:34:56Z,            2024-05-01T12:34:56Z",
            "2024-05-01T12:34:56.5Z,          2024-05-01T12:34:56.500Z",
            "2024-05-01T12:34:56.123456789Z,  2024-05-01T12:34:56.123456789Z",
            "2024-05-01T12:34:56.1234567891Z, 2024-05-01T12:34:56.123456789Z",
            "2024-05-01T12:34:56+02:00,       2024-05-01T10:34:56Z",
            "2024-05-01T00:10:00-05:30,       2024-05-01T05:40:00Z",
            "2024-02-29T23:59:59.999+00:00,   2024-02-29T23:59:59.999Z",
            "2016-12-31T23:59:60Z,            2016-12-31T23:59:59Z",
            "1969-12-31T23:59:59Z,            1969-12-31T23:59:59Z",
    })
    void readsOffsetsAndFractions(String text, String expected) {
        assertThat(Rfc3339.parse(text)).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "yesterday", "2024-05-01", "2024-05-01T12:34:56", "2024-02-30T00:00:00Z",
            "2024-13-01T00:00:00Z", "2024-05-01T24:00:00Z", "2024-05-01T12:34:56+25:00",
            "2024-05-01T12:34:56+0200"})
    void refusesWhatIsNotAnRfc3339DateTime(String text) {
        assertThatThrownBy(() -> Rfc3339.parse(text)).isInstanceOf(DateTimeException.class);
    }

    /**
     * RFC 3339 years have four digits. ISO 8601's expanded years reach beyond what java.util.Date and Avro
     * timestamp-millis hold (about 292 million years from 1970), which failed the task on every retry.
     */
    @ParameterizedTest
    @ValueSource(strings = {"+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z", "+292278994-08-17T07:12:56Z",
            "+10000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z"})
    void refusesYearsOutsideFourDigitsWhichNoTimestampFieldCouldHold(String text) {
        assertThatThrownBy(() -> Rfc3339.parse(text)).isInstanceOf(DateTimeException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0000-01-01T00:00:00+01:00", "9999-12-31T23:59:59.999-12:00"})
    void theExtremeFourDigitYearsFitAJavaUtilDate(String text) {
        Instant instant = Rfc3339.parse(text);
        assertThat(java.util.Date.from(instant).toInstant()).isEqualTo(instant);
    }
}
