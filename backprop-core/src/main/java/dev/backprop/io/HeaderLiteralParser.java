package dev.backprop.io;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the Python dict literal of an {@code .npy} header, e.g.
 * {@code {'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }}, into Java values.
 *
 * <p>It accepts only the small part of Python's literal syntax that headers use: strings in either
 * quote style, {@code True}, {@code False}, {@code None}, decimal integers, tuples and lists (lists
 * and nested tuples appear in structured dtypes, which are parsed so they can be reported clearly).
 * Anything else is rejected with the position of the first offending character. Inputs are
 * untrusted, so nesting depth and integer length are bounded: a deeply nested header cannot
 * overflow the stack and a megabyte of digits cannot make {@link BigInteger} parsing crawl.
 *
 * <p>Values map to {@link String}, {@link Boolean}, {@link BigInteger}, {@link Tuple},
 * {@link List} and {@link #NONE}.
 */
final class HeaderLiteralParser {

    /** Python's {@code None}. */
    static final Object NONE = new Object() {
        @Override
        public String toString() {
            return "None";
        }
    };

    /** A Python tuple; kept apart from lists because a shape must be a tuple. */
    static final class Tuple {
        final List<Object> items;

        Tuple(List<Object> items) {
            this.items = Collections.unmodifiableList(items);
        }
    }

    private static final int MAX_DEPTH = 16;
    private static final int MAX_INT_DIGITS = 30;

    private final String text;
    private final String source;
    private int pos;

    private HeaderLiteralParser(String text, String source) {
        this.text = text;
        this.source = source;
    }

    /**
     * Parses a header that must consist of one dict literal with string keys, optionally surrounded
     * by whitespace (NumPy pads with spaces and ends with a newline).
     *
     * @return the entries in header order
     * @throws NpyFormatException if the text is not such a literal, or repeats a key
     */
    static Map<String, Object> parseDict(String text, String source) throws NpyFormatException {
        HeaderLiteralParser p = new HeaderLiteralParser(text, source);
        p.skipWhitespace();
        Map<String, Object> dict = p.dict();
        p.skipWhitespace();
        if (p.pos < text.length()) {
            throw p.error("end of header after the closing '}'");
        }
        return dict;
    }

    private Map<String, Object> dict() throws NpyFormatException {
        expect('{');
        Map<String, Object> entries = new LinkedHashMap<>();
        skipWhitespace();
        while (peek() != '}') {
            int keyStart = pos;
            if (peek() != '\'' && peek() != '"') {
                throw error("a quoted key or '}'");
            }
            String key = string();
            if (entries.containsKey(key)) {
                pos = keyStart;
                throw error("no repeated key, but '" + key + "' appears twice");
            }
            skipWhitespace();
            expect(':');
            skipWhitespace();
            entries.put(key, value(1));
            skipWhitespace();
            if (peek() == ',') {
                pos++;
                skipWhitespace();
            } else if (peek() != '}') {
                throw error("',' or '}'");
            }
        }
        pos++;
        return entries;
    }

    private Object value(int depth) throws NpyFormatException {
        if (depth > MAX_DEPTH) {
            throw error("at most " + MAX_DEPTH + " levels of nested tuples and lists");
        }
        int c = peek();
        if (c == '\'' || c == '"') {
            return string();
        }
        if (c == '(') {
            return tupleOrParenthesised(depth);
        }
        if (c == '[') {
            return list(depth);
        }
        if (c == '-' || c == '+' || isDigit(c)) {
            return integer();
        }
        if (Character.isLetter(c) || c == '_') {
            int start = pos;
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
                pos++;
            }
            String name = text.substring(start, pos);
            switch (name) {
                case "True":
                    return Boolean.TRUE;
                case "False":
                    return Boolean.FALSE;
                case "None":
                    return NONE;
                default:
                    pos = start;
                    throw error("a string, True, False, None, an integer, a tuple or a list");
            }
        }
        throw error("a string, True, False, None, an integer, a tuple or a list");
    }

    /** {@code (x)} is just x in Python; only a comma (or nothing at all) makes a tuple. */
    private Object tupleOrParenthesised(int depth) throws NpyFormatException {
        expect('(');
        skipWhitespace();
        if (peek() == ')') {
            pos++;
            return new Tuple(new ArrayList<>());
        }
        List<Object> items = new ArrayList<>();
        items.add(value(depth + 1));
        skipWhitespace();
        if (peek() == ')') {
            pos++;
            return items.get(0);
        }
        expect(',');
        skipWhitespace();
        while (peek() != ')') {
            items.add(value(depth + 1));
            skipWhitespace();
            if (peek() == ',') {
                pos++;
                skipWhitespace();
            } else if (peek() != ')') {
                throw error("',' or ')'");
            }
        }
        pos++;
        return new Tuple(items);
    }

    private List<Object> list(int depth) throws NpyFormatException {
        expect('[');
        List<Object> items = new ArrayList<>();
        skipWhitespace();
        while (peek() != ']') {
            items.add(value(depth + 1));
            skipWhitespace();
            if (peek() == ',') {
                pos++;
                skipWhitespace();
            } else if (peek() != ']') {
                throw error("',' or ']'");
            }
        }
        pos++;
        return items;
    }

    private BigInteger integer() throws NpyFormatException {
        int start = pos;
        if (peek() == '-' || peek() == '+') {
            pos++;
        }
        int digitsStart = pos;
        while (pos < text.length() && isDigit(text.charAt(pos))) {
            pos++;
        }
        int digits = pos - digitsStart;
        if (digits == 0) {
            throw error("a digit");
        }
        if (digits > MAX_INT_DIGITS) {
            pos = digitsStart;
            throw error("an integer of at most " + MAX_INT_DIGITS + " digits, not " + digits);
        }
        BigInteger v = new BigInteger(text.substring(start, pos));
        // Python 2 wrote longs as 3L; NumPy still reads such files, so do we.
        if (pos < text.length() && text.charAt(pos) == 'L') {
            pos++;
        }
        return v;
    }

    private String string() throws NpyFormatException {
        char quote = text.charAt(pos);
        int start = pos;
        pos++;
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= text.length() || text.charAt(pos) == '\n') {
                pos = start;
                throw error("a string closed by " + quote + " on the same line");
            }
            char c = text.charAt(pos);
            if (c == quote) {
                pos++;
                return sb.toString();
            }
            if (c == '\\') {
                // Only the escapes a descr could need; others mean a header we do not understand.
                char next = pos + 1 < text.length() ? text.charAt(pos + 1) : 0;
                if (next != '\\' && next != '\'' && next != '"') {
                    throw error("only \\\\, \\' or \\\" escapes in strings");
                }
                sb.append(next);
                pos += 2;
                continue;
            }
            sb.append(c);
            pos++;
        }
    }

    private void expect(char c) throws NpyFormatException {
        if (peek() != c) {
            throw error("'" + c + "'");
        }
        pos++;
    }

    /** The next character, or -1 at the end of the header. */
    private int peek() {
        return pos < text.length() ? text.charAt(pos) : -1;
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private NpyFormatException error(String expected) {
        String found = pos < text.length() ? "'" + printable(text.substring(pos, pos + 1)) + "'" : "the end of the header";
        return new NpyFormatException(source, "malformed header: expected " + expected + " at character " + pos
                + " but found " + found + " in " + snippet(text));
    }

    /** The header for messages: control characters escaped, cut short if long. */
    static String snippet(String header) {
        String trimmed = header.strip();
        int limit = 160;
        String cut = trimmed.length() > limit ? trimmed.substring(0, limit) + "..." : trimmed;
        return "\"" + printable(cut) + "\"";
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n') {
                sb.append("\\n");
            } else if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Python-style rendering of a parsed value, for messages about unsupported headers. */
    static String repr(Object v) {
        if (v instanceof String) {
            return "'" + printable((String) v) + "'";
        }
        if (v instanceof Boolean) {
            return ((Boolean) v) ? "True" : "False";
        }
        if (v instanceof Tuple) {
            List<Object> items = ((Tuple) v).items;
            StringBuilder sb = new StringBuilder("(");
            for (int i = 0; i < items.size(); i++) {
                sb.append(i > 0 ? ", " : "").append(repr(items.get(i)));
            }
            return sb.append(items.size() == 1 ? ",)" : ")").toString();
        }
        if (v instanceof List) {
            List<?> items = (List<?>) v;
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < items.size(); i++) {
                sb.append(i > 0 ? ", " : "").append(repr(items.get(i)));
            }
            return sb.append(']').toString();
        }
        return String.valueOf(v);
    }
}
