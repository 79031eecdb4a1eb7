package net.activationserver.server.entity;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogTextTest {

    @Test
    void plainTextIsKept() {
        assertEquals("admin", LogText.clean("admin"));
        assertEquals("Jürgen Ø 名前", LogText.clean("Jürgen Ø 名前"));
        assertEquals("null", LogText.clean(null));
    }

    @Test
    void aForgedLogLineStaysOnOneLine() {
        String forged = LogText.clean("eve\r\n[2026-12-07T10:00:00] INFO Console sign-in: admin (admin)");
        assertEquals("eve\\u000D\\u000A[2026-12-07T10:00:00] INFO Console sign-in: admin (admin)", forged);
    }

    @Test
    void everyControlCharacterIsEscaped() {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0xA0; c++) {
            all.append(c);
        }
        all.append('\u2028').append('\u2029');
        String clean = LogText.clean(all.substring(0, 128)) + LogText.clean(all.substring(128));
        clean.chars().forEach(c -> assertFalse(LogText.isControl((char) c), "no control character left: " + c));
        assertTrue(clean.contains("\\u001B") && clean.contains("\\u0085") && clean.contains("\\u2028") && clean.contains(" !\"#"), clean);
    }

    @Test
    void longTextIsCut() {
        String clean = LogText.clean("x".repeat(10_000));
        assertEquals("x".repeat(LogText.MAX_LENGTH) + "...(10000 chars)", clean);
    }
}
