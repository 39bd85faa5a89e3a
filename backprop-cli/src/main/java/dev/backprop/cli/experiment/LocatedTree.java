package dev.backprop.cli.experiment;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.backprop.cli.CliException;
import dev.backprop.cli.ExitCodes;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A YAML document as a JSON tree that remembers where every value came from, so a configuration
 * error can name the file and line ({@code tdt4265-a2.yaml:14: unknown key 'lerning_rate' ...}).
 * Keys are addressed by JSON-pointer-like paths ({@code /defaults/optimizer/lr}).
 */
public final class LocatedTree {

    private final String source;
    private final JsonNode root;
    private final Map<String, Integer> lines;

    private LocatedTree(String source, JsonNode root, Map<String, Integer> lines) {
        this.source = source;
        this.root = root;
        this.lines = lines;
    }

    /**
     * Parses {@code yaml}; duplicate keys are errors.
     *
     * @param source the file name, for messages
     * @throws CliException (usage) naming the file and line of a syntax error
     */
    public static LocatedTree parse(String source, String yaml) {
        YAMLFactory factory = YAMLFactory.builder().enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser p = factory.createParser(yaml)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new CliException(ExitCodes.USAGE, source + ": the file is empty", null);
            }
            JsonNode root = read(p, "", lines);
            return new LocatedTree(source, root, lines);
        } catch (IOException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            int line = e instanceof com.fasterxml.jackson.core.JsonProcessingException j && j.getLocation() != null
                    ? j.getLocation().getLineNr() : -1;
            throw new CliException(ExitCodes.USAGE, source + (line > 0 ? ":" + line : "") + ": not valid YAML: " + message,
                    null);
        }
    }

    private static JsonNode read(JsonParser p, String path, Map<String, Integer> lines) throws IOException {
        lines.put(path, p.currentTokenLocation().getLineNr());
        JsonNodeFactory f = JsonNodeFactory.instance;
        switch (p.currentToken()) {
            case START_OBJECT: {
                ObjectNode o = f.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    int keyLine = p.currentTokenLocation().getLineNr();
                    p.nextToken();
                    JsonNode value = read(p, path + "/" + key, lines);
                    lines.put(path + "/" + key, keyLine);
                    o.set(key, value);
                }
                return o;
            }
            case START_ARRAY: {
                ArrayNode a = f.arrayNode();
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    a.add(read(p, path + "/" + i++, lines));
                }
                return a;
            }
            case VALUE_STRING: return f.textNode(p.getText());
            case VALUE_NUMBER_INT: return f.numberNode(p.getLongValue());
            case VALUE_NUMBER_FLOAT: return f.numberNode(p.getDoubleValue());
            case VALUE_TRUE: return f.booleanNode(true);
            case VALUE_FALSE: return f.booleanNode(false);
            case VALUE_NULL: return f.nullNode();
            default: throw new IOException("unexpected " + p.currentToken());
        }
    }

    /** The file name. */
    public String source() {
        return source;
    }

    /** The whole document. */
    public JsonNode root() {
        return root;
    }

    /** {@code file:line} of the value at {@code path}, or of its nearest located parent. */
    public String where(String path) {
        String p = path;
        while (true) {
            Integer line = lines.get(p);
            if (line != null) {
                return source + ":" + line;
            }
            int cut = p.lastIndexOf('/');
            if (cut < 0) {
                return source;
            }
            p = p.substring(0, cut);
        }
    }

    /** A configuration error at {@code path}. */
    public CliException error(String path, String message) {
        return new CliException(ExitCodes.USAGE, where(path) + ": " + message, null);
    }
}
