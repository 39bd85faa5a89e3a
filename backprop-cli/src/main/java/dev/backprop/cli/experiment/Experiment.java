package dev.backprop.cli.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backprop.random.Rng;
import dev.backprop.train.Metric;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An experiment file: data, defaults, named runs that override what differs, hyper-parameter
 * searches (grids and random), special steps and tables. {@code fast:} holds overrides for a quick
 * variant (tagged so in its results), used by CI.
 *
 * <pre>{@code
 * Experiment e = Experiment.parse(LocatedTree.parse("a2.yaml", text), false);
 * }</pre>
 */
final class Experiment {

    static final List<String> TOP_KEYS = List.of("name", "title", "description", "notes", "fast", "data", "defaults",
            "runs", "searches", "steps", "tables", "figures");
    static final List<String> FIGURE_KEYS = List.of("type", "title", "runs", "x", "y", "log_x", "search", "captions");
    static final List<String> FIGURE_TYPES = List.of("loss", "accuracy", "weights", "versus", "search");
    static final List<String> FAST_KEYS = List.of("data", "defaults", "searches");
    static final List<String> SEARCH_KEYS = List.of("name", "description", "grid", "random", "select", "model", "loss",
            "optimizer", "regularization", "schedule", "training", "early_stopping", "seed");
    static final List<String> TABLE_KEYS = List.of("title", "runs", "columns", "sort");
    private static final Pattern RUN_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    /**
     * The most runs (named runs plus search trials) one experiment may expand to: far more than any
     * study trains, and small enough that a file claiming a billion trials (or a grid whose product
     * explodes) is refused before the runs are expanded.
     */
    static final int MAX_RUNS = 10_000;

    /** A search: its trials are runs; the best by {@code metric} is reported. */
    record Search(String name, String description, List<String> trials, List<String> parameters, Metric metric,
                  Metric.Direction direction) {
    }

    /** A table of the results: which runs, which columns. */
    record Table(String title, List<String> runs, List<String> columns, String sort) {
    }

    /**
     * A figure of the report: {@code loss} or {@code accuracy} curves of runs, first-layer
     * {@code weights} of runs side by side, a metric {@code versus} a setting across runs, or a
     * {@code search}'s metric against each of its hyper-parameters.
     */
    record Figure(String type, String title, List<String> runs, String x, String y, boolean logX, String search) {
    }

    /** A special step and its configuration (model settings layered over the defaults). */
    record Step(String type, String name, JsonNode node, String path, Layers model) {
    }

    final LocatedTree tree;
    final String name;
    final String title;
    final String description;
    final String notes;
    final boolean fast;
    private final List<Layers.Layer> dataLayerList;
    final DataConfig data;
    final List<RunConfig> runs = new ArrayList<>();
    /** Data of runs that override the experiment's {@code data} (others use {@link #data}). */
    final Map<String, DataConfig> runData = new LinkedHashMap<>();
    final List<Search> searches = new ArrayList<>();
    final List<Step> steps = new ArrayList<>();
    final List<Table> tables = new ArrayList<>();
    final List<Figure> figures = new ArrayList<>();

    private Experiment(LocatedTree tree, boolean fast) {
        this.tree = tree;
        this.fast = fast;
        JsonNode root = tree.root();
        if (!root.isObject()) {
            throw tree.error("", "an experiment file is a mapping with keys such as name, data, defaults and runs");
        }
        Layers top = new Layers(tree, List.of(new Layers.Layer(root, "")));
        top.checkKeys("", TOP_KEYS);
        JsonNode fastNode = fast ? root.path("fast") : JsonNodeFactory.instance.objectNode();
        if (fast && !fastNode.isObject()) {
            throw tree.error("/fast", "this experiment has no 'fast' variant");
        }
        new Layers(tree, List.of(new Layers.Layer(fastNode, "/fast"))).checkKeys("", FAST_KEYS);
        String fileStem = tree.source().replaceAll("^.*[/\\\\]", "").replaceAll("\\.ya?ml$", "");
        this.name = top.text("", "name", RUN_NAME.matcher(fileStem).matches() ? fileStem : null);
        if (name == null || !RUN_NAME.matcher(name).matches()) {
            throw tree.error("/name", "'name' must be set to a folder-friendly name (letters, digits, . _ -), got " + name);
        }
        this.title = top.text("", "title", name);
        this.description = top.text("", "description", "");
        this.notes = top.text("", "notes", "");

        List<Layers.Layer> data = new ArrayList<>();
        if (fastNode.has("data")) {
            data.add(new Layers.Layer(fastNode.get("data"), "/fast/data"));
        }
        data.add(new Layers.Layer(root.path("data"), "/data"));
        this.dataLayerList = List.copyOf(data);
        this.data = DataConfig.bind(new Layers(tree, data));

        List<Layers.Layer> base = new ArrayList<>();
        if (fastNode.has("defaults")) {
            base.add(new Layers.Layer(fastNode.get("defaults"), "/fast/defaults"));
        }
        base.add(new Layers.Layer(root.path("defaults"), "/defaults"));
        Layers defaults = new Layers(tree, base);
        // Defaults hold run settings; data settings live in the top-level 'data' (a run may override them).
        defaults.checkKeys("", RunConfig.RUN_KEYS.stream().filter(k -> !k.equals("data") && !k.equals("name")).toList());

        Set<String> names = new HashSet<>();
        JsonNode runList = list(root, "runs");
        for (int i = 0; i < runList.size(); i++) {
            JsonNode r = runList.get(i);
            String path = "/runs/" + i;
            requireMapping(r, path, "a run", "name");
            Layers run = defaults.over(new Layers.Layer(r, path));
            new Layers(tree, List.of(new Layers.Layer(r, path))).checkKeys("", RunConfig.RUN_KEYS);
            String runName = runName(r, path, names);
            runs.add(RunConfig.bind(runName, r.path("description").asText(""), withFast(run, fastNode)));
            if (r.has("data")) {
                // The run's own data settings over the fast variant's and the experiment's.
                List<Layers.Layer> layered = new ArrayList<>();
                layered.add(new Layers.Layer(r.get("data"), path + "/data"));
                layered.addAll(dataLayerList);
                runData.put(runName, DataConfig.bind(new Layers(tree, layered)));
            }
        }
        JsonNode searchList = list(root, "searches");
        for (int i = 0; i < searchList.size(); i++) {
            requireMapping(searchList.get(i), "/searches/" + i, "a search", "name");
            addSearch(searchList.get(i), "/searches/" + i, defaults, fastNode, names);
        }
        JsonNode stepList = list(root, "steps");
        for (int i = 0; i < stepList.size(); i++) {
            JsonNode s = stepList.get(i);
            String path = "/steps/" + i;
            requireMapping(s, path, "a step", "type");
            String type = s.path("type").asText("");
            if (!Steps.TYPES.contains(type)) {
                throw tree.error(path + "/type", dev.backprop.nn.Names.unknown("step type", type, Steps.TYPES));
            }
            steps.add(new Step(type, s.path("name").asText(type), s, path, defaults.over(new Layers.Layer(s, path))));
        }
        JsonNode tableList = list(root, "tables");
        for (int i = 0; i < tableList.size(); i++) {
            requireMapping(tableList.get(i), "/tables/" + i, "a table", "title");
            addTable(tableList.get(i), "/tables/" + i, names);
        }
        JsonNode figureList = list(root, "figures");
        for (int i = 0; i < figureList.size(); i++) {
            requireMapping(figureList.get(i), "/figures/" + i, "a figure", "type");
            addFigure(figureList.get(i), "/figures/" + i, names);
        }
        if (runs.isEmpty() && steps.isEmpty()) {
            // A file with data and defaults only describes one run (what 'backprop train --config' reads).
            runs.add(RunConfig.bind(name, description, withFast(defaults, fastNode)));
        }
    }

    /** The list at {@code key} of the top level (empty if absent or null); anything else is an error. */
    private JsonNode list(JsonNode root, String key) {
        JsonNode n = root.path(key);
        if (n.isMissingNode() || n.isNull()) {
            return JsonNodeFactory.instance.arrayNode();
        }
        if (!n.isArray()) {
            throw tree.error("/" + key, "'" + key + "' must be a list (lines starting with '- '), got "
                    + describe(n));
        }
        if (n.size() > MAX_RUNS) {
            throw tree.error("/" + key, "'" + key + "' has " + n.size() + " entries, more than the " + MAX_RUNS
                    + " an experiment may hold");
        }
        return n;
    }

    private void requireMapping(JsonNode n, String path, String what, String firstKey) {
        if (!n.isObject()) {
            throw tree.error(path, what + " is a mapping such as {" + firstKey + ": ...}, got " + describe(n));
        }
    }

    /** A value for messages: its JSON text, cut short. */
    static String describe(JsonNode n) {
        String text = n.toString();
        return text.length() > 60 ? text.substring(0, 60) + "..." : text;
    }

    /** Parses and validates an experiment; {@code fast} applies its {@code fast:} overrides. */
    static Experiment parse(LocatedTree tree, boolean fast) {
        return new Experiment(tree, fast);
    }

    /** The data a run trains on. */
    DataConfig dataOf(String run) {
        return runData.getOrDefault(run, data);
    }

    /** Folder name of the results: {@code <name>} or {@code <name>-fast}. */
    String outputName() {
        return fast ? name + "-fast" : name;
    }

    private Layers withFast(Layers run, JsonNode fastNode) {
        // The fast variant's defaults win even over a run's own settings: it exists to be quick.
        return fastNode.has("defaults") ? run.over(new Layers.Layer(fastNode.get("defaults"), "/fast/defaults")) : run;
    }

    private String runName(JsonNode r, String path, Set<String> names) {
        String n = r.path("name").asText("");
        if (!RUN_NAME.matcher(n).matches()) {
            throw tree.error(path + "/name", "every run needs a folder-friendly 'name' (letters, digits, . _ -), got '" + n + "'");
        }
        if (!names.add(n)) {
            throw tree.error(path + "/name", "run name '" + n + "' is used twice");
        }
        return n;
    }

    private void addSearch(JsonNode s, String path, Layers defaults, JsonNode fastNode, Set<String> names) {
        new Layers(tree, List.of(new Layers.Layer(s, path))).checkKeys("", SEARCH_KEYS);
        String searchName = runName(s, path, names);
        Layers base = defaults.over(new Layers.Layer(s, path));
        Layers selectLayer = new Layers(tree, List.of(new Layers.Layer(s.path("select"), path + "/select")));
        selectLayer.checkKeys("", List.of("metric", "direction"));
        Metric metric = selectLayer.parse("", "metric", "validation_accuracy", Metric::parse);
        Metric.Direction direction = selectLayer.parse("", "direction", metric.naturalDirection().label(),
                Metric.Direction::parse);
        List<Map<String, JsonNode>> trials = new ArrayList<>();
        List<String> parameters = new ArrayList<>();
        if (s.has("grid")) {
            List<Map<String, JsonNode>> combos = grid(s.get("grid"), path + "/grid", parameters);
            JsonNode fastTrials = fastNode.path("searches").path(searchName).path("trials");
            if (fastTrials.canConvertToInt() && fastTrials.asInt() < combos.size()) {
                // The fast variant takes evenly spaced combinations of the grid.
                List<Map<String, JsonNode>> some = new ArrayList<>();
                int n = Math.max(1, fastTrials.asInt());
                for (int k = 0; k < n; k++) {
                    some.add(combos.get((int) ((long) k * combos.size() / n)));
                }
                combos = some;
            }
            trials.addAll(combos);
        }
        if (s.has("random")) {
            trials.addAll(random(s.get("random"), path + "/random", searchName, parameters, fastNode, path));
        }
        if (trials.isEmpty()) {
            throw tree.error(path, "search '" + searchName + "' needs a 'grid' or 'random' with at least one trial");
        }
        List<String> trialNames = new ArrayList<>();
        for (int t = 0; t < trials.size(); t++) {
            String trialName = String.format(Locale.ROOT, "%s-%03d", searchName, t + 1);
            names.add(trialName);
            ObjectNode layer = JsonNodeFactory.instance.objectNode();
            for (Map.Entry<String, JsonNode> e : trials.get(t).entrySet()) {
                String[] parts = e.getKey().split("\\.");
                ObjectNode at = layer;
                for (int k = 0; k < parts.length - 1; k++) {
                    at = at.has(parts[k]) ? (ObjectNode) at.get(parts[k]) : at.putObject(parts[k]);
                }
                at.set(parts[parts.length - 1], e.getValue());
            }
            Layers trial = base.over(new Layers.Layer(layer, path + "/grid"));
            RunConfig rc = RunConfig.bind(trialName, "trial " + (t + 1) + " of " + searchName, withFast(trial, fastNode));
            for (Map.Entry<String, JsonNode> e : trials.get(t).entrySet()) {
                rc.settings().put("search:" + e.getKey(), e.getValue().isNumber() ? e.getValue().asDouble() : e.getValue().toString());
            }
            runs.add(rc);
            trialNames.add(trialName);
        }
        searches.add(new Search(searchName, s.path("description").asText(""), trialNames, parameters, metric, direction));
    }

    private List<Map<String, JsonNode>> grid(JsonNode grid, String path, List<String> parameters) {
        if (!grid.isObject() || grid.isEmpty()) {
            throw tree.error(path, "'grid' maps settings such as optimizer.lr to lists of values");
        }
        List<Map<String, JsonNode>> out = new ArrayList<>();
        out.add(new LinkedHashMap<>());
        for (Iterator<String> it = grid.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            checkParameter(key, path + "/" + key);
            parameters.add(key);
            JsonNode values = grid.get(key);
            if (!values.isArray() || values.isEmpty()) {
                throw tree.error(path + "/" + key, "grid values must be a non-empty list");
            }
            if ((long) out.size() * values.size() + runs.size() > MAX_RUNS) {
                throw tree.error(path + "/" + key, "the grid has more than " + MAX_RUNS + " combinations ("
                        + out.size() + " before '" + key + "', times " + values.size() + " values); an experiment may "
                        + "hold at most " + MAX_RUNS + " runs");
            }
            List<Map<String, JsonNode>> next = new ArrayList<>();
            for (Map<String, JsonNode> partial : out) {
                for (JsonNode v : values) {
                    Map<String, JsonNode> m = new LinkedHashMap<>(partial);
                    m.put(key, v);
                    next.add(m);
                }
            }
            out = next;
        }
        return out;
    }

    private List<Map<String, JsonNode>> random(JsonNode random, String path, String searchName, List<String> parameters,
                                              JsonNode fastNode, String searchPath) {
        Layers r = new Layers(tree, List.of(new Layers.Layer(random, path)));
        r.checkKeys("", List.of("trials", "seed", "space"));
        long trials = r.integer("", "trials", 10);
        if (trials < 0 || trials + runs.size() > MAX_RUNS) {
            throw tree.error(path + "/trials", "'trials' must be 0.." + (MAX_RUNS - runs.size()) + " (an experiment may "
                    + "hold at most " + MAX_RUNS + " runs), got " + trials);
        }
        JsonNode fastTrials = fastNode.path("searches").path(searchName).path("trials");
        if (fastTrials.canConvertToInt()) {
            trials = Math.min(trials, fastTrials.asInt());
        }
        Rng rng = Rng.derive(r.integer("", "seed", 0), "search/" + searchName);
        JsonNode space = random.path("space");
        if (!space.isObject() || space.isEmpty()) {
            throw tree.error(path + "/space", "'space' maps settings to {uniform: [a, b]}, {log_uniform: [a, b]} or {choice: [...]}");
        }
        List<Map<String, JsonNode>> out = new ArrayList<>();
        for (Iterator<String> it = space.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            checkParameter(key, path + "/space/" + key);
            if (!parameters.contains(key)) {
                parameters.add(key);
            }
        }
        for (int t = 0; t < trials; t++) {
            Map<String, JsonNode> m = new LinkedHashMap<>();
            for (Iterator<String> it = space.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                m.put(key, draw(space.get(key), path + "/space/" + key, rng));
            }
            out.add(m);
        }
        return out;
    }

    private JsonNode draw(JsonNode d, String path, Rng rng) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (!d.isObject()) {
            throw tree.error(path, "a search dimension is {uniform: [a, b]}, {log_uniform: [a, b]} or {choice: [...]}, got "
                    + describe(d));
        }
        if (d.has("uniform") || d.has("log_uniform")) {
            boolean log = d.has("log_uniform");
            JsonNode range = d.get(log ? "log_uniform" : "uniform");
            double a = range.path(0).asDouble(Double.NaN);
            double b = range.path(1).asDouble(Double.NaN);
            if (!(a < b) || (log && a <= 0)) {
                throw tree.error(path, "a range must be [low, high] with low < high" + (log ? " and low > 0" : ""));
            }
            double u = rng.nextDouble();
            return f.numberNode(log ? Math.exp(Math.log(a) + u * (Math.log(b) - Math.log(a))) : a + u * (b - a));
        }
        if (d.has("choice") && d.get("choice").isArray() && !d.get("choice").isEmpty()) {
            ArrayNode choices = (ArrayNode) d.get("choice");
            return choices.get(rng.nextInt(choices.size()));
        }
        throw tree.error(path, "a search dimension is {uniform: [a, b]}, {log_uniform: [a, b]} or {choice: [...]}");
    }

    private void checkParameter(String key, String path) {
        String[] parts = key.split("\\.");
        List<String> sections = List.of("model", "optimizer", "regularization", "schedule", "training", "early_stopping");
        boolean ok = parts.length == 2 && sections.contains(parts[0]) && switch (parts[0]) {
            case "model" -> RunConfig.MODEL_KEYS.contains(parts[1]);
            case "optimizer" -> RunConfig.OPTIMIZER_KEYS.contains(parts[1]);
            case "regularization" -> RunConfig.REGULARIZATION_KEYS.contains(parts[1]);
            case "schedule" -> RunConfig.SCHEDULE_KEYS.contains(parts[1]);
            case "training" -> RunConfig.TRAINING_KEYS.contains(parts[1]);
            default -> RunConfig.STOPPING_KEYS.contains(parts[1]);
        } || (parts.length == 1 && parts[0].equals("seed"));
        if (!ok) {
            List<String> valid = new ArrayList<>();
            RunConfig.MODEL_KEYS.forEach(k -> valid.add("model." + k));
            RunConfig.OPTIMIZER_KEYS.forEach(k -> valid.add("optimizer." + k));
            RunConfig.REGULARIZATION_KEYS.forEach(k -> valid.add("regularization." + k));
            RunConfig.TRAINING_KEYS.forEach(k -> valid.add("training." + k));
            throw tree.error(path, dev.backprop.nn.Names.unknown("search parameter", key, valid));
        }
    }

    private void addFigure(JsonNode f, String path, Set<String> names) {
        Layers l = new Layers(tree, List.of(new Layers.Layer(f, path)));
        l.checkKeys("", FIGURE_KEYS);
        String type = l.parse("", "type", null, t -> dev.backprop.nn.Names.lookup("figure type", t,
                FIGURE_TYPES.toArray(new String[0]), x -> x));
        List<String> runNames = new ArrayList<>();
        for (JsonNode r : f.path("runs")) {
            String n = r.asText();
            var search = searches.stream().filter(s -> s.name().equals(n)).findFirst();
            if (search.isPresent()) {
                runNames.addAll(search.get().trials());
            } else if (names.contains(n)) {
                runNames.add(n);
            } else {
                throw tree.error(path + "/runs", dev.backprop.nn.Names.unknown("run", n, names));
            }
        }
        String search = f.path("search").asText(null);
        if (type.equals("search") && searches.stream().noneMatch(s -> s.name().equals(search))) {
            throw tree.error(path + "/search", dev.backprop.nn.Names.unknown("search", String.valueOf(search),
                    searches.stream().map(Search::name).toList()));
        }
        if (!type.equals("search") && runNames.isEmpty()) {
            throw tree.error(path, "a " + type + " figure needs 'runs'");
        }
        String y = f.path("y").asText("validation_accuracy");
        if (type.equals("versus") && !Results.COLUMNS.contains(y)) {
            throw tree.error(path + "/y", dev.backprop.nn.Names.unknown("column", y, Results.COLUMNS));
        }
        figures.add(new Figure(type, f.path("title").asText(type), runNames, f.path("x").asText("lambda"), y,
                f.path("log_x").asBoolean(false), search));
    }

    private void addTable(JsonNode t, String path, Set<String> names) {
        new Layers(tree, List.of(new Layers.Layer(t, path))).checkKeys("", TABLE_KEYS);
        List<String> runNames = new ArrayList<>();
        for (JsonNode r : t.path("runs")) {
            String n = r.asText();
            boolean isSearch = searches.stream().anyMatch(s -> s.name().equals(n));
            if (!names.contains(n) && !isSearch) {
                throw tree.error(path + "/runs", dev.backprop.nn.Names.unknown("run", n, names));
            }
            if (isSearch) {
                searches.stream().filter(s -> s.name().equals(n)).forEach(s -> runNames.addAll(s.trials()));
            } else {
                runNames.add(n);
            }
        }
        List<String> columns = new ArrayList<>();
        for (JsonNode c : t.path("columns")) {
            if (!Results.COLUMNS.contains(c.asText()) && !c.asText().startsWith("search:")) {
                throw tree.error(path + "/columns", dev.backprop.nn.Names.unknown("column", c.asText(), Results.COLUMNS));
            }
            columns.add(c.asText());
        }
        tables.add(new Table(t.path("title").asText("Results"), runNames.isEmpty() ? null : runNames,
                columns.isEmpty() ? Results.DEFAULT_COLUMNS : columns, t.path("sort").asText(null)));
    }
}
