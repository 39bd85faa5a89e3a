package dev.backprop.io;

/**
 * JSON string literals written the way Rust's serde_json (and so the reference safetensors
 * implementation) and Python's {@code json.dumps(..., ensure_ascii=False)} write them: only
 * {@code "}, {@code \} and control characters are escaped, everything else is raw UTF-8. Matching
 * them byte for byte is what lets a test compare our files with ones written in Python.
 */
final class JsonText {

    private static final String HEX = "0123456789abcdef";

    /** Names in messages are cut here: a hostile header may hold a megabyte-long name. */
    private static final int MESSAGE_LIMIT = 100;

    private JsonText() {
    }

    /** Appends {@code s} as a JSON string literal, quotes included. */
    static void appendString(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    sb.append("\\\"");
                    break;
                case '\\':
                    sb.append("\\\\");
                    break;
                case '\b':
                    sb.append("\\b");
                    break;
                case '\f':
                    sb.append("\\f");
                    break;
                case '\n':
                    sb.append("\\n");
                    break;
                case '\r':
                    sb.append("\\r");
                    break;
                case '\t':
                    sb.append("\\t");
                    break;
                default:
                    if (c < 0x20) {
                        sb.append("\\u00").append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 0xF));
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }

    /**
     * {@code s} as a quoted JSON literal for messages, cut short if long, e.g. {@code 'a"b'} gives
     * {@code "a\"b"}; quoting shows where a name with spaces or control characters begins and ends.
     */
    static String quote(String s) {
        boolean cut = s.length() > MESSAGE_LIMIT;
        StringBuilder sb = new StringBuilder();
        appendString(sb, cut ? s.substring(0, MESSAGE_LIMIT) : s);
        return cut ? sb.append("...").toString() : sb.toString();
    }

    /**
     * Checks that {@code s} has no unpaired surrogate: encoding one to UTF-8 would silently turn it
     * into '?', so the name read back would differ from the name written.
     *
     * @throws IllegalArgumentException naming {@code what} and the position
     */
    static void requireWellFormed(String s, String what) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(what + " " + quote(s) + " has an unpaired UTF-16 surrogate at index "
                        + i + ", which UTF-8 cannot encode");
            }
        }
    }
}
