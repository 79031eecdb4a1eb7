package net.activationserver.server.entity;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WordsTest {

    @Test
    void theDefaultsReadAsAnOperatorSaysThem() {
        assertEquals("3 minutes", Words.duration(Duration.parse("PT3M")));
        assertEquals("30 days", Words.duration(Duration.parse("P30D")));
        assertEquals("1 minute", Words.duration(Duration.parse("PT60S")));
        assertEquals("45 seconds", Words.duration(Duration.parse("PT45S")));
        assertEquals("1 hour 30 minutes", Words.duration(Duration.parse("PT1H30M")));
        assertEquals("1 day 1 second", Words.duration(Duration.parse("P1DT1S")));
        assertEquals("0 seconds", Words.duration(Duration.ZERO));
    }
}
