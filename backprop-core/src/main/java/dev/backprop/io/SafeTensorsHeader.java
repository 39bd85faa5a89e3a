package dev.backprop.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The validated JSON header of a safetensors file: metadata, and for each tensor a supported
 * dtype, a shape and data offsets that agree with each other. Whether the offsets fit the data
 * buffer is {@link SafeTensorsLayout}'s concern, because the buffer length is known only later
 * when reading a stream.
 */
final class SafeTensorsHeader {

    /** The reserved key whose value holds the file's string metadata. */
    static final String METADATA_KEY = "__metadata__";

    /**
     * The most axes a shape may have: NumPy's limit, far beyond any real tensor, and low enough
     * that a header of a million axes is refused before it becomes a large array.
     */
    static final int MAX_RANK = 64;

    /** JSON integers longer than this cannot be offsets or extents below 2^63 anyway. */
    private static final int MAX_NUMBER_DIGITS = 24;

    /**
     * A parser factory for one read. A fresh one each time because a factory keeps a symbol table
     * of field names that its parsers share; hostile headers should not fill a table that other
     * reads use. Interning is off so names of hostile headers do not go to the JVM's string pool.
     * Canonicalisation stays on: it selects Jackson's byte-level UTF-8 parser, whose token
     * locations are byte offsets, which the checksum needs (with it off, Jackson decodes to chars
     * and reports char offsets). The string and name limits are the header limit itself, so that
     * is the one bound that matters; a header crafted for hash collisions fails with a
     * StreamConstraintsException, which is reported like any JSON error. Charset detection stays
     * on (turning it off makes Jackson 2.21 fail with a NullPointerException on byte input); it can
     * pick UTF-16 or UTF-32 only from zero bytes, which {@link #requireUtf8} refuses first.
     */
    private static JsonFactory jsonFactory() {
        return JsonFactory.builder()
                .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(8)
                        .maxNumberLength(MAX_NUMBER_DIGITS)
                        .maxStringLength(SafeTensorsReader.MAX_HEADER_BYTES)
                        .maxNameLength(SafeTensorsReader.MAX_HEADER_BYTES)
                        .build())
                .build();
    }

    /** One tensor as the header describes it; {@code begin} and {@code end} are relative to the data buffer. */
    static final class Entry {
        final String name;
        final NpyDType dtype;
        final int[] shape;
        final int elementCount;
        final long begin;
        final long end;

        Entry(String name, NpyDType dtype, int[] shape, int elementCount, long begin, long end) {
            this.name = name;
            this.dtype = dtype;
            this.shape = shape;
            this.elementCount = elementCount;
            this.begin = begin;
            this.end = end;
        }

        long byteLength() {
            return end - begin;
        }

        /** E.g. {@code tensor "w" (F32 [2, 3], data_offsets [0, 24])}. */
        String describe() {
            return "tensor " + JsonText.quote(name) + " (" + SafeTensorsDTypes.name(dtype) + " " + Arrays.toString(shape)
                    + ", data_offsets [" + begin + ", " + end + "])";
        }
    }

    /** String metadata in header order, without the checksum entry. */
    final Map<String, String> metadata;
    /** The tensors in header order. */
    final List<Entry> entries;
    /** The {@value SafeTensors#CHECKSUM_KEY} value, eight lowercase hex digits, or {@code null}. */
    final String checksum;
    /** Where the checksum's first hex digit sits in the header bytes, or -1. */
    final int checksumOffset;

    private SafeTensorsHeader(Map<String, String> metadata, List<Entry> entries, String checksum, int checksumOffset) {
        this.metadata = metadata;
        this.entries = entries;
        this.checksum = checksum;
        this.checksumOffset = checksumOffset;
    }

    /**
     * Parses and validates the header bytes (trailing spaces included).
     *
     * @throws SafeTensorsFormatException naming {@code source} if the bytes are not UTF-8 JSON of
     *     the safetensors shape, or describe a tensor Backprop cannot hold
     */
    static SafeTensorsHeader parse(byte[] bytes, String source) throws SafeTensorsFormatException {
        if (bytes.length == 0) {
            throw new SafeTensorsFormatException(source, "header is empty; expected a JSON object starting with '{'");
        }
        if (bytes[0] != '{') {
            int b = bytes[0] & 0xFF;
            throw new SafeTensorsFormatException(source, "header starts with byte " + String.format("0x%02x", b)
                    + (b >= 0x20 && b < 0x7f ? " '" + (char) b + "'" : "") + "; expected a JSON object starting with '{'"
                    + " (is this a safetensors file?)");
        }
        requireUtf8(bytes, source);
        try (JsonParser parser = jsonFactory().createParser(bytes)) {
            return new Parser(parser, bytes, source).header();
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null || at.getByteOffset() < 0 ? "" : " at byte " + at.getByteOffset() + " of the header";
            throw new SafeTensorsFormatException(source, "header is not valid JSON: " + e.getOriginalMessage() + where, e);
        } catch (SafeTensorsFormatException e) {
            throw e;
        } catch (IOException e) {
            // A parser over a byte array has nothing to fail on but the content.
            throw new SafeTensorsFormatException(source, "header could not be parsed: " + e.getMessage(), e);
        }
    }

    /**
     * Jackson tolerates some malformed UTF-8 (overlong forms, encoded surrogates); the format does
     * not. Zero bytes are refused as well: JSON allows none outside escapes, and they are what
     * would make Jackson read the header as UTF-16 or UTF-32.
     */
    private static void requireUtf8(byte[] bytes, String source) throws SafeTensorsFormatException {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw new SafeTensorsFormatException(source, "header has a zero byte at byte " + i
                        + " of the header; JSON text allows none");
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
        } catch (CharacterCodingException e) {
            throw new SafeTensorsFormatException(source, "header is not valid UTF-8", e);
        }
    }

    /** The pull-parser walk over one header; one instance per parse. */
    private static final class Parser {
        private final JsonParser json;
        private final byte[] bytes;
        private final String source;

        Parser(JsonParser json, byte[] bytes, String source) {
            this.json = json;
            this.bytes = bytes;
            this.source = source;
        }

        SafeTensorsHeader header() throws IOException {
            json.nextToken(); // '{', checked by the caller
            Map<String, String> metadata = Collections.emptyMap();
            String checksum = null;
            int checksumOffset = -1;
            boolean sawMetadata = false;
            List<Entry> entries = new ArrayList<>();
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String key = json.currentName();
                json.nextToken();
                if (key.equals(METADATA_KEY)) {
                    sawMetadata = true;
                    metadata = new LinkedHashMap<>();
                    // The reference implementation reads "__metadata__": null as no metadata.
                    if (json.currentToken() == JsonToken.VALUE_NULL) {
                        continue;
                    }
                    if (json.currentToken() != JsonToken.START_OBJECT) {
                        throw error(METADATA_KEY + " must be an object mapping strings to strings, found " + found());
                    }
                    while (json.nextToken() == JsonToken.FIELD_NAME) {
                        String name = json.currentName();
                        if (json.nextToken() != JsonToken.VALUE_STRING) {
                            throw error(METADATA_KEY + " value of key " + JsonText.quote(name) + " must be a string, found "
                                    + found());
                        }
                        if (name.equals(SafeTensors.CHECKSUM_KEY)) {
                            checksumOffset = checksumDigitsOffset();
                            checksum = json.getText();
                        } else {
                            metadata.put(name, json.getText());
                        }
                    }
                } else {
                    entries.add(entry(key));
                }
            }
            if (json.currentToken() != JsonToken.END_OBJECT) {
                throw error("a tensor name or '}' in the top-level object, found " + found());
            }
            if (json.nextToken() != null) {
                throw error("only spaces after the header's closing '}', found " + found() + " at byte "
                        + json.currentTokenLocation().getByteOffset());
            }
            if (!sawMetadata) {
                metadata = new LinkedHashMap<>();
            }
            return new SafeTensorsHeader(Collections.unmodifiableMap(metadata), entries, checksum, checksumOffset);
        }

        /**
         * The checksum is computed with its own digits read as '0's, so the reader must know where
         * they are; that works only if the value is written plainly, without JSON escapes.
         */
        private int checksumDigitsOffset() throws IOException {
            long quote = json.currentTokenLocation().getByteOffset();
            String text = json.getText();
            boolean plain = text.length() == 8 && quote >= 0 && quote + 9 < bytes.length && bytes[(int) quote] == '"'
                    && bytes[(int) quote + 9] == '"';
            for (int i = 0; plain && i < 8; i++) {
                char c = text.charAt(i);
                plain = bytes[(int) quote + 1 + i] == c && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
            }
            if (!plain) {
                throw error(SafeTensors.CHECKSUM_KEY + " must be 8 lowercase hex digits, found " + JsonText.quote(text));
            }
            return (int) quote + 1;
        }

        private Entry entry(String name) throws IOException {
            if (json.currentToken() != JsonToken.START_OBJECT) {
                throw error("tensor " + JsonText.quote(name) + " must be an object with dtype, shape and data_offsets, found "
                        + found());
            }
            String dtypeName = null;
            long[] shape = null;
            long[] offsets = null;
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                json.nextToken();
                switch (field) {
                    case "dtype":
                        if (json.currentToken() != JsonToken.VALUE_STRING) {
                            throw error("tensor " + JsonText.quote(name) + ": dtype must be a string such as \"F32\", found "
                                    + found());
                        }
                        dtypeName = json.getText();
                        break;
                    case "shape":
                        shape = integers(name, "shape", MAX_RANK);
                        break;
                    case "data_offsets":
                        offsets = integers(name, "data_offsets", 2);
                        break;
                    default:
                        throw error("tensor " + JsonText.quote(name) + " has unknown key " + JsonText.quote(field)
                                + "; expected only dtype, shape and data_offsets");
                }
            }
            if (dtypeName == null || shape == null || offsets == null) {
                throw error("tensor " + JsonText.quote(name) + " lacks "
                        + (dtypeName == null ? "dtype" : shape == null ? "shape" : "data_offsets")
                        + "; each tensor needs dtype, shape and data_offsets");
            }
            return validate(name, dtypeName, shape, offsets);
        }

        /** A JSON list of at most {@code maxLength} integers that fit a long; sign is checked later. */
        private long[] integers(String tensor, String field, int maxLength) throws IOException {
            String what = "tensor " + JsonText.quote(tensor) + ": " + field;
            if (json.currentToken() != JsonToken.START_ARRAY) {
                throw error(what + " must be a list of integers, found " + found());
            }
            long[] values = new long[maxLength];
            int n = 0;
            while (json.nextToken() != JsonToken.END_ARRAY) {
                if (json.currentToken() != JsonToken.VALUE_NUMBER_INT) {
                    throw error(what + " must be a list of integers, found " + found() + " at position " + n);
                }
                if (json.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    throw error(what + " has " + json.getText() + " at position " + n + ", beyond the 64-bit range");
                }
                if (n == maxLength) {
                    throw error(what + " has more than " + maxLength + " entries"
                            + (field.equals("shape") ? "; Backprop reads tensors of at most " + MAX_RANK + " axes" : ""));
                }
                values[n++] = json.getLongValue();
            }
            return Arrays.copyOf(values, n);
        }

        private Entry validate(String name, String dtypeName, long[] shape, long[] offsets)
                throws SafeTensorsFormatException {
            String tensor = "tensor " + JsonText.quote(name);
            NpyDType dtype = SafeTensorsDTypes.fromName(dtypeName).orElseThrow(
                    () -> error(tensor + ": " + SafeTensorsDTypes.refusal(dtypeName)));
            String shapeText = Arrays.toString(shape);
            long elements = 1;
            boolean overflow = false;
            for (int axis = 0; axis < shape.length; axis++) {
                if (shape[axis] < 0) {
                    throw error(tensor + ": shape " + shapeText + " has negative extent " + shape[axis] + " on axis " + axis);
                }
                if (!overflow) {
                    try {
                        elements = Math.multiplyExact(elements, shape[axis]);
                    } catch (ArithmeticException e) {
                        overflow = true; // a later 0 would make the product 0, but such a shape is absurd anyway
                    }
                }
            }
            long bytes;
            try {
                bytes = Math.multiplyExact(elements, (long) dtype.itemSize());
            } catch (ArithmeticException e) {
                overflow = true;
                bytes = -1;
            }
            if (overflow) {
                throw error(tensor + ": shape " + shapeText + " of " + dtypeName
                        + " holds more bytes than a 64-bit count can express (the product overflows)");
            }
            if (offsets.length != 2) {
                throw error(tensor + ": data_offsets must be [begin, end], found " + Arrays.toString(offsets));
            }
            long begin = offsets[0];
            long end = offsets[1];
            if (begin < 0 || end < 0) {
                throw error(tensor + ": data_offsets " + Arrays.toString(offsets) + " has a negative offset");
            }
            if (end < begin) {
                throw error(tensor + ": data_offsets " + Arrays.toString(offsets) + " ends before it begins (end < begin)");
            }
            if (end - begin != bytes) {
                throw error(tensor + ": shape " + shapeText + " of " + dtypeName + " needs " + bytes + " bytes but data_offsets "
                        + Arrays.toString(offsets) + " span " + (end - begin));
            }
            int[] intShape = new int[shape.length];
            for (int axis = 0; axis < shape.length; axis++) {
                // Only a zero-size tensor can get here with a huge extent; NpyArray shapes are ints.
                if (shape[axis] > Integer.MAX_VALUE) {
                    throw error(tensor + ": shape " + shapeText + " has extent " + shape[axis] + " on axis " + axis
                            + ", more than the " + Integer.MAX_VALUE + " Backprop can represent");
                }
                intShape[axis] = (int) shape[axis];
            }
            if (elements > Shapes.MAX_ELEMENTS) {
                throw error(tensor + ": shape " + shapeText + " holds " + elements + " elements; one Java array holds at most "
                        + Shapes.MAX_ELEMENTS);
            }
            return new Entry(name, dtype, intShape, (int) elements, begin, end);
        }

        /** The current token in words, for "expected X, found Y". */
        private String found() throws IOException {
            JsonToken t = json.currentToken();
            if (t == null) {
                return "the end of the header";
            }
            switch (t) {
                case START_OBJECT:
                    return "an object";
                case START_ARRAY:
                    return "a list";
                case VALUE_STRING:
                    return "the string " + JsonText.quote(json.getText());
                case VALUE_NUMBER_INT:
                case VALUE_NUMBER_FLOAT:
                    return "the number " + json.getText();
                case VALUE_TRUE:
                case VALUE_FALSE:
                    return json.getText();
                case VALUE_NULL:
                    return "null";
                default:
                    return String.valueOf(json.getText());
            }
        }

        private SafeTensorsFormatException error(String detail) {
            return new SafeTensorsFormatException(source, detail);
        }
    }
}
