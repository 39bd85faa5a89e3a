package dev.backprop.cli.experiment;

import dev.backprop.report.ReportDocument;


import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Tables of run results: the CSV file and report tables. */
final class Results {

    /** Every column a table may show. */
    static final List<String> COLUMNS = List.of("parameters", "epochs", "steps", "best_step", "best_epoch",
            "train_loss", "train_accuracy", "validation_loss", "validation_accuracy", "test_loss", "test_accuracy",
            "weight_norm", "wall_seconds");
    /** Columns shown when a table names none. */
    static final List<String> DEFAULT_COLUMNS = List.of("parameters", "best_epoch", "train_loss", "train_accuracy",
            "validation_loss", "validation_accuracy", "wall_seconds");

    private Results() {
    }

    static String csv(List<RunResult> runs) {
        List<String> settingKeys = new ArrayList<>();
        for (RunResult r : runs) {
            for (String k : r.settings().keySet()) {
                if (!settingKeys.contains(k)) {
                    settingKeys.add(k);
                }
            }
        }
        StringBuilder sb = new StringBuilder("run,stop_reason");
        COLUMNS.forEach(c -> sb.append(',').append(c));
        settingKeys.forEach(k -> sb.append(',').append(k));
        sb.append('\n');
        for (RunResult r : runs) {
            sb.append(r.name()).append(',').append(r.stopReason());
            for (String c : COLUMNS) {
                double v = r.metric(c);
                sb.append(',').append(Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.9g", v));
            }
            for (String k : settingKeys) {
                Object v = r.settings().get(k);
                String s = v == null ? "" : String.valueOf(v);
                sb.append(',').append(s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s);
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Appends a table of {@code rows} with search {@code parameters} and metric {@code columns}. */
    static void table(ReportDocument doc, List<RunResult> rows, List<String> columns, List<String> parameters) {
        List<String> header = new ArrayList<>();
        header.add("run");
        header.addAll(parameters);
        columns.forEach(c -> header.add(c.replace('_', ' ')));
        List<List<String>> cells = new ArrayList<>();
        for (RunResult r : rows) {
            List<String> row = new ArrayList<>();
            row.add(r.name());
            for (String p : parameters) {
                Object v = r.settings().get("search:" + p);
                row.add(v instanceof Double d ? String.format(Locale.ROOT, "%.4g", d) : String.valueOf(v));
            }
            for (String c : columns) {
                row.add(format(c, r.metric(c)));
            }
            cells.add(row);
        }
        doc.table(header, cells);
    }

    static String format(String column, double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        if (column.endsWith("accuracy")) {
            return String.format(Locale.ROOT, "%.2f%%", 100 * v);
        }
        if (column.equals("parameters") || column.equals("steps") || column.equals("best_step")) {
            return String.format(Locale.ROOT, "%,d", (long) v);
        }
        if (column.equals("wall_seconds")) {
            return String.format(Locale.ROOT, "%.1f s", v);
        }
        if (column.endsWith("epoch") || column.equals("epochs")) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
