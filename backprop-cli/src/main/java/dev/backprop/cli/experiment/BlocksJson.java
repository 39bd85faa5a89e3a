package dev.backprop.cli.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backprop.report.ReportDocument;

import java.util.ArrayList;
import java.util.List;

/**
 * Report blocks of a special step as JSON, saved with the step's numbers so {@code backprop report}
 * can rebuild the report without running anything again.
 */
final class BlocksJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private BlocksJson() {
    }

    static ArrayNode write(List<ReportDocument.Block> blocks) {
        ArrayNode out = JSON.createArrayNode();
        for (ReportDocument.Block b : blocks) {
            ObjectNode o = out.addObject();
            if (b instanceof ReportDocument.Paragraph p) {
                o.put("type", "paragraph").put("text", p.text());
            } else if (b instanceof ReportDocument.Note n) {
                o.put("type", "note").put("text", n.text());
            } else if (b instanceof ReportDocument.Code c) {
                o.put("type", "code").put("text", c.text());
            } else if (b instanceof ReportDocument.Table t) {
                o.put("type", "table");
                t.header().forEach(o.putArray("header")::add);
                ArrayNode rows = o.putArray("rows");
                for (List<String> r : t.rows()) {
                    ArrayNode row = rows.addArray();
                    r.forEach(row::add);
                }
                t.numeric().forEach(o.putArray("numeric")::add);
            } else {
                throw new IllegalArgumentException("a step cannot save a " + b.getClass().getSimpleName());
            }
        }
        return out;
    }

    static List<ReportDocument.Block> read(JsonNode array) {
        List<ReportDocument.Block> out = new ArrayList<>();
        for (JsonNode o : array) {
            switch (o.path("type").asText()) {
                case "paragraph" -> out.add(new ReportDocument.Paragraph(o.path("text").asText()));
                case "note" -> out.add(new ReportDocument.Note(o.path("text").asText()));
                case "code" -> out.add(new ReportDocument.Code(o.path("text").asText()));
                case "table" -> {
                    List<String> header = new ArrayList<>();
                    o.path("header").forEach(h -> header.add(h.asText()));
                    List<List<String>> rows = new ArrayList<>();
                    for (JsonNode r : o.path("rows")) {
                        List<String> row = new ArrayList<>();
                        r.forEach(c -> row.add(c.asText()));
                        rows.add(row);
                    }
                    List<Boolean> numeric = new ArrayList<>();
                    o.path("numeric").forEach(n -> numeric.add(n.asBoolean()));
                    out.add(new ReportDocument.Table(header, rows, numeric));
                }
                default -> throw new IllegalArgumentException("unknown block type '" + o.path("type").asText() + "'");
            }
        }
        return out;
    }
}
