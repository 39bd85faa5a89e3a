package dev.backprop.cli.experiment;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outcome of one run, as written to its {@code result.json} and to the experiment's tables.
 *
 * @param name        run name
 * @param fingerprint identifies the configuration; a finished run with the same one is not repeated
 * @param settings    resolved settings
 * @param metrics     numbers by column name (see {@link Results#COLUMNS})
 * @param stopReason  why training ended
 */
record RunResult(String name, String fingerprint, Map<String, Object> settings, Map<String, Double> metrics,
                 String stopReason) {

    /** As JSON-compatible values. */
    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("fingerprint", fingerprint);
        m.put("stop_reason", stopReason);
        m.put("settings", settings);
        Map<String, Object> numbers = new LinkedHashMap<>();
        metrics.forEach((k, v) -> numbers.put(k, Double.isFinite(v) ? v : null));
        m.put("metrics", numbers);
        return m;
    }

    @SuppressWarnings("unchecked")
    static RunResult fromMap(Map<String, Object> m) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        ((Map<String, Object>) m.get("metrics")).forEach((k, v) -> metrics.put(k, v == null ? Double.NaN
                : ((Number) v).doubleValue()));
        return new RunResult((String) m.get("name"), (String) m.get("fingerprint"),
                (Map<String, Object>) m.get("settings"), metrics, (String) m.get("stop_reason"));
    }

    double metric(String column) {
        return metrics.getOrDefault(column, Double.NaN);
    }
}
