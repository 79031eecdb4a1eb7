package net.activationserver.server.entity;

/**
 * Text a client chose (a user name, a path, a header), made safe for one log line: control characters (C0, DEL, C1, and
 * the Unicode line and paragraph separators) are written as {@code \\uXXXX}, so a CR or LF in the text cannot start a
 * forged log line, and the text is cut at {@link #MAX_LENGTH} characters.
 */
public final class LogText {

    public static final int MAX_LENGTH = 1024;

    private LogText() {
    }

    /** The text of {@code value} as it may appear in a log line; {@code "null"} for null. */
    public static String clean(Object value) {
        String text = String.valueOf(value);
        StringBuilder clean = null;
        int end = Math.min(text.length(), MAX_LENGTH);
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            if (isControl(c)) {
                if (clean == null) {
                    clean = new StringBuilder(end + 16).append(text, 0, i);
                }
                clean.append(String.format("\\u%04X", (int) c));
            } else if (clean != null) {
                clean.append(c);
            }
        }
        String result = clean == null ? text.substring(0, end) : clean.toString();
        return end < text.length() ? result + "...(" + text.length() + " chars)" : result;
    }

    static boolean isControl(char c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\u2028' || c == '\u2029';
    }
}
