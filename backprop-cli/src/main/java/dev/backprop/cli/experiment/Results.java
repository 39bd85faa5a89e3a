package dev.backprop.cli.experiment;

import dev.backprop.io.AtomicFiles;
import dev.backprop.train.Metric;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes an experiment's {@code results.md} and {@code results.csv}. */
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

    /** Writes both files into {@code dir}. */
    static void write(Path dir, Experiment e, List<RunResult> runs, List<Steps.Outcome> steps, String machine,
                      double wallSeconds) throws IOException {
        AtomicFiles.writeString(dir.resolve("results.csv"), csv(runs));
        AtomicFiles.writeString(dir.resolve("results.md"), markdown(e, runs, steps, machine, wallSeconds));
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

    static String markdown(Experiment e, List<RunResult> runs, List<Steps.Outcome> steps, String machine,
                           double wallSeconds) {
        StringBuilder sb = new StringBuilder("# ").append(e.title).append(e.fast ? " (fast variant)" : "").append("\n\n");
        if (!e.description.isBlank()) {
            sb.append(e.description.strip()).append("\n\n");
        }
        if (e.fast) {
            sb.append("> This is the **fast variant**: fewer epochs and/or less data than the assignment, to check the"
                    + " pipeline quickly. Its numbers are not the assignment's.\n\n");
        }
        if (!e.notes.isBlank()) {
            sb.append("> ").append(e.notes.strip().replace("\n", "\n> ")).append("\n\n");
        }
        sb.append("## Data\n\n");
        e.data.settings().forEach((k, v) -> sb.append("- ").append(k).append(": ").append(v).append('\n'));
        sb.append('\n');
        for (Steps.Outcome s : steps) {
            sb.append("## ").append(s.title()).append("\n\n").append(s.markdown().strip()).append("\n\n");
        }
        Map<String, RunResult> byName = new LinkedHashMap<>();
        runs.forEach(r -> byName.put(r.name(), r));
        List<Experiment.Table> tables = new ArrayList<>(e.tables);
        if (tables.isEmpty()) {
            List<String> plain = new ArrayList<>();
            for (RunResult r : runs) {
                if (e.searches.stream().noneMatch(s -> s.trials().contains(r.name()))) {
                    plain.add(r.name());
                }
            }
            if (!plain.isEmpty()) {
                tables.add(new Experiment.Table("Runs", plain, DEFAULT_COLUMNS, null));
            }
        }
        for (Experiment.Table t : tables) {
            List<RunResult> rows = new ArrayList<>();
            for (String n : t.runs() == null ? new ArrayList<>(byName.keySet()) : t.runs()) {
                if (byName.containsKey(n)) {
                    rows.add(byName.get(n));
                }
            }
            sb.append("## ").append(t.title()).append("\n\n").append(table(rows, t.columns(), List.of())).append('\n');
        }
        for (Experiment.Search s : e.searches) {
            List<RunResult> rows = new ArrayList<>();
            s.trials().forEach(n -> {
                if (byName.containsKey(n)) {
                    rows.add(byName.get(n));
                }
            });
            String column = s.metric().label();
            Comparator<RunResult> order = Comparator.comparingDouble(r -> r.metric(column));
            if (s.direction() == Metric.Direction.MAXIMIZE) {
                order = order.reversed();
            }
            rows.sort(order);
            sb.append("## Search: ").append(s.name()).append("\n\n");
            if (!s.description().isBlank()) {
                sb.append(s.description().strip()).append("\n\n");
            }
            if (!rows.isEmpty()) {
                RunResult best = rows.get(0);
                sb.append(String.format(Locale.ROOT, "Best by %s (%s): **%s** with %s = %s.%n%n", column,
                        s.direction().label(), best.name(), column, format(column, best.metric(column))));
            }
            List<String> columns = new ArrayList<>(List.of(column, "validation_accuracy", "test_accuracy", "best_epoch",
                    "wall_seconds"));
            columns = new ArrayList<>(new java.util.LinkedHashSet<>(columns));
            sb.append(table(rows, columns, s.parameters())).append('\n');
        }
        sb.append("## Run\n\n");
        sb.append(String.format(Locale.ROOT, "- %d runs, wall time %.1f s%n", runs.size(), wallSeconds));
        sb.append("- ").append(machine).append('\n');
        sb.append("- the experiment file is `").append(e.tree.source()).append("`; each run's folder holds its model,"
                + " history (steps.csv, validations.csv, history.json) and result.json\n");
        return sb.toString();
    }

    private static String table(List<RunResult> rows, List<String> columns, List<String> parameters) {
        StringBuilder sb = new StringBuilder("| run");
        parameters.forEach(p -> sb.append(" | ").append(p));
        columns.forEach(c -> sb.append(" | ").append(c.replace('_', ' ')));
        sb.append(" |\n|---");
        parameters.forEach(p -> sb.append("|---:"));
        columns.forEach(c -> sb.append("|---:"));
        sb.append("|\n");
        for (RunResult r : rows) {
            sb.append("| ").append(r.name());
            for (String p : parameters) {
                Object v = r.settings().get("search:" + p);
                sb.append(" | ").append(v instanceof Double d ? String.format(Locale.ROOT, "%.4g", d) : String.valueOf(v));
            }
            for (String c : columns) {
                sb.append(" | ").append(format(c, r.metric(c)));
            }
            sb.append(" |\n");
        }
        return sb.toString();
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
