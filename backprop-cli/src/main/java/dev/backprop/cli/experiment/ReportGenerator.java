package dev.backprop.cli.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backprop.data.ImageShape;
import dev.backprop.io.AtomicFiles;
import dev.backprop.model.Model;
import dev.backprop.model.ModelFile;
import dev.backprop.report.Charts;
import dev.backprop.report.Palette;
import dev.backprop.report.ReportDocument;
import dev.backprop.report.RunCurves;
import dev.backprop.report.WeightImages;
import dev.backprop.tensor.Matrix;
import dev.backprop.train.Metric;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds an experiment's report from what its run left on disk (experiment.yaml, run-info.json,
 * steps/, each run's result.json, history CSVs and model), so {@code backprop report DIR} can
 * regenerate it without training: {@code results.md} and {@code results.csv} (tables), and
 * {@code report.md} and a self-contained {@code report.html} with figures under {@code figures/}.
 */
public final class ReportGenerator {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReportGenerator() {
    }

    /**
     * Writes the report of the results in {@code dir}.
     *
     * @return the HTML page
     * @throws IOException if the folder holds no experiment results
     */
    public static Path generate(Path dir) throws IOException {
        Path yamlFile = dir.resolve("experiment.yaml");
        if (!Files.isRegularFile(yamlFile)) {
            throw new dev.backprop.data.DataException(dir + " holds no experiment results (experiment.yaml is missing)",
                    "pass the folder 'backprop run' or 'backprop reproduce' wrote, e.g. runs/tdt4265-a2");
        }
        JsonNode info = Files.isRegularFile(dir.resolve("run-info.json"))
                ? JSON.readTree(dir.resolve("run-info.json").toFile()) : JSON.createObjectNode();
        String source = info.path("source").asText("experiment.yaml");
        Experiment e = Experiment.parse(LocatedTree.parse(source, Files.readString(yamlFile)),
                info.path("fast").asBoolean(dir.getFileName().toString().endsWith("-fast")));
        List<RunResult> runs = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (RunConfig rc : e.runs) {
            Path result = dir.resolve(rc.name()).resolve("result.json");
            if (Files.isRegularFile(result)) {
                @SuppressWarnings("unchecked")
                Map<String, Object> m = JSON.readValue(result.toFile(), Map.class);
                runs.add(RunResult.fromMap(m));
            } else {
                missing.add(rc.name());
            }
        }
        List<Steps.Outcome> steps = new ArrayList<>();
        for (Experiment.Step s : e.steps) {
            Path file = dir.resolve("steps").resolve(ExperimentRunner.slug(s.name()) + ".json");
            if (Files.isRegularFile(file)) {
                JsonNode saved = JSON.readTree(file.toFile());
                @SuppressWarnings("unchecked")
                Map<String, Object> values = JSON.convertValue(saved.path("values"), Map.class);
                steps.add(new Steps.Outcome(s.name(), BlocksJson.read(saved.path("blocks")), values));
            }
        }
        AtomicFiles.writeString(dir.resolve("results.csv"), Results.csv(runs));
        ReportDocument tables = document(e, runs, steps, missing, info, dir, false);
        AtomicFiles.writeString(dir.resolve("results.md"), tables.markdown(false));
        ReportDocument report = document(e, runs, steps, missing, info, dir, true);
        report.write(dir, "report");
        return dir.resolve("report.html");
    }

    private static ReportDocument document(Experiment e, List<RunResult> runs, List<Steps.Outcome> steps,
                                           List<String> missing, JsonNode info, Path dir, boolean figures)
            throws IOException {
        ReportDocument doc = new ReportDocument(e.title + (e.fast ? " (fast variant)" : ""));
        if (!e.description.isBlank()) {
            doc.paragraph(e.description);
        }
        if (e.fast) {
            doc.note("This is the **fast variant**: fewer epochs and/or less data than the assignment, to check the"
                    + " pipeline quickly. Its numbers are not the assignment's.");
        }
        if (!e.notes.isBlank()) {
            doc.note(e.notes);
        }
        if (!missing.isEmpty()) {
            doc.note("Not run (yet): " + String.join(", ", missing) + ".");
        }
        doc.heading(2, "Data");
        List<String> facts = new ArrayList<>();
        e.data.settings().forEach((k, v) -> facts.add(k + ": " + v));
        JsonNode sizes = info.path("data");
        if (sizes.isObject()) {
            facts.add(String.format(Locale.ROOT, "examples: %,d training, %,d validation, %,d test; %d features",
                    sizes.path("train").asInt(), sizes.path("validation").asInt(), sizes.path("test").asInt(),
                    sizes.path("features").asInt()));
        }
        doc.bullets(facts);
        for (Steps.Outcome s : steps) {
            doc.heading(2, s.title());
            s.blocks().forEach(b -> add(doc, b));
        }
        Map<String, RunResult> byName = new LinkedHashMap<>();
        runs.forEach(r -> byName.put(r.name(), r));
        Palette palette = new Palette(new ArrayList<>(byName.keySet()));
        List<Experiment.Table> tables = new ArrayList<>(e.tables);
        if (tables.isEmpty()) {
            List<String> plain = e.runs.stream().map(RunConfig::name)
                    .filter(n -> e.searches.stream().noneMatch(s -> s.trials().contains(n))).toList();
            if (!plain.isEmpty()) {
                tables.add(new Experiment.Table("Runs", plain, Results.DEFAULT_COLUMNS, null));
            }
        }
        for (Experiment.Table t : tables) {
            List<RunResult> rows = select(byName, t.runs());
            doc.heading(2, t.title());
            Results.table(doc, rows, t.columns(), List.of());
            if (figures && e.figures.isEmpty() && rows.size() > 0) {
                // Without figures in the file: the loss and accuracy of each table's runs.
                curves(doc, dir, t.title(), rows, palette, "loss");
                curves(doc, dir, t.title(), rows, palette, "accuracy");
            }
        }
        for (Experiment.Search s : e.searches) {
            searchSection(doc, s, byName);
        }
        if (figures && !e.figures.isEmpty()) {
            doc.heading(2, "Figures");
            int index = 0;
            for (Experiment.Figure f : e.figures) {
                figure(doc, dir, f, byName, palette, e, ++index);
            }
        }
        doc.heading(2, "How this was run");
        List<String> run = new ArrayList<>();
        run.add(String.format(Locale.ROOT, "%d runs; wall time %s", runs.size(),
                info.has("wall_seconds") ? String.format(Locale.ROOT, "%.1f s", info.get("wall_seconds").asDouble()) : "–"));
        if (info.has("machine")) {
            run.add(info.get("machine").asText());
        }
        run.add("each run's folder holds its model (`model.safetensors`), history (`steps.csv`, `validations.csv`,"
                + " `history.json`) and `result.json`; `results.csv` has every number and setting");
        doc.bullets(run);
        if (figures) {
            doc.heading(3, "The experiment file");
            doc.code(Files.readString(dir.resolve("experiment.yaml")));
        }
        return doc;
    }

    private static void add(ReportDocument doc, ReportDocument.Block b) {
        if (b instanceof ReportDocument.Paragraph p) {
            doc.paragraph(p.text());
        } else if (b instanceof ReportDocument.Note n) {
            doc.note(n.text());
        } else if (b instanceof ReportDocument.Code c) {
            doc.code(c.text());
        } else if (b instanceof ReportDocument.Table t) {
            doc.table(t.header(), t.rows());
        }
    }

    private static List<RunResult> select(Map<String, RunResult> byName, List<String> names) {
        List<RunResult> rows = new ArrayList<>();
        for (String n : names == null ? byName.keySet() : names) {
            if (byName.containsKey(n)) {
                rows.add(byName.get(n));
            }
        }
        return rows;
    }

    private static void searchSection(ReportDocument doc, Experiment.Search s, Map<String, RunResult> byName) {
        List<RunResult> rows = select(byName, s.trials());
        String column = s.metric().label();
        Comparator<RunResult> order = Comparator.comparingDouble(r -> r.metric(column));
        if (s.direction() == Metric.Direction.MAXIMIZE) {
            order = order.reversed();
        }
        rows.sort(order);
        doc.heading(2, "Search: " + s.name());
        if (!s.description().isBlank()) {
            doc.paragraph(s.description());
        }
        if (!rows.isEmpty()) {
            RunResult best = rows.get(0);
            doc.paragraph(String.format(Locale.ROOT, "Best by %s (%s): **%s** with %s = %s. All %d trials, best first:",
                    column, s.direction().label(), best.name(), column, Results.format(column, best.metric(column)),
                    rows.size()));
        }
        List<String> columns = new ArrayList<>(new LinkedHashSet<>(List.of(column, "validation_accuracy", "test_accuracy",
                "best_epoch", "wall_seconds")));
        Results.table(doc, rows, columns, s.parameters());
    }

    private static List<RunCurves> histories(Path dir, List<RunResult> runs) throws IOException {
        List<RunCurves> out = new ArrayList<>();
        for (RunResult r : runs) {
            Path runDir = dir.resolve(r.name());
            if (Files.isRegularFile(runDir.resolve("steps.csv"))) {
                out.add(Histories.read(r.name(), runDir));
            }
        }
        return out;
    }

    private static void curves(ReportDocument doc, Path dir, String title, List<RunResult> runs, Palette palette,
                               String kind) throws IOException {
        List<RunCurves> curves = histories(dir, runs);
        if (curves.isEmpty()) {
            return;
        }
        String short_ = title.replaceAll("\\s*\\(.*$", "");
        BufferedImage image = Charts.toImage(kind.equals("loss")
                ? Charts.lossCurves(short_ + ": loss", curves, palette, 10)
                : Charts.accuracyCurves(short_ + ": accuracy", curves, palette));
        doc.figure(ExperimentRunner.slug(short_ + "-" + kind) + ".png", kind.equals("loss")
                ? short_ + ": training loss (moving average over 10 steps, band: its spread) and validation loss"
                : short_ + ": training (solid) and validation (dashed) accuracy", png(image));
    }

    private static void figure(ReportDocument doc, Path dir, Experiment.Figure f, Map<String, RunResult> byName,
                               Palette palette, Experiment e, int index) throws IOException {
        String file = String.format(Locale.ROOT, "%02d-%s.png", index, ExperimentRunner.slug(f.title()));
        List<RunResult> runs = select(byName, f.runs());
        switch (f.type()) {
            case "loss", "accuracy" -> {
                List<RunCurves> curves = histories(dir, runs);
                if (curves.isEmpty()) {
                    return;
                }
                BufferedImage image = Charts.toImage(f.type().equals("loss")
                        ? Charts.lossCurves(f.title(), curves, palette, 10)
                        : Charts.accuracyCurves(f.title(), curves, palette));
                doc.figure(file, f.title(), png(image));
            }
            case "weights" -> {
                List<String> captions = new ArrayList<>();
                List<BufferedImage> images = new ArrayList<>();
                for (RunResult r : runs) {
                    Path modelFile = dir.resolve(r.name()).resolve("model.safetensors");
                    if (!Files.isRegularFile(modelFile)) {
                        continue;
                    }
                    Model m = ModelFile.read(modelFile);
                    Matrix w = m.network().parameter("W0").value();
                    ImageShape shape = ImageShape.square(m.preprocessor().inputSize());
                    boolean classes = m.network().layers().size() == 1;
                    List<String> labels = new ArrayList<>();
                    for (int j = 0; j < Math.min(w.cols(), 100); j++) {
                        labels.add(classes ? m.classNames().get(j) : "unit " + (j + 1));
                    }
                    images.add(WeightImages.render(w, shape, labels, Math.min(10, labels.size()),
                            shape.width() < 32 ? 3 : 2));
                    captions.add(r.name());
                }
                if (!images.isEmpty()) {
                    doc.figure(file, f.title(), png(WeightImages.sideBySide(captions, images)));
                }
            }
            case "versus" -> {
                List<String> labels = new ArrayList<>();
                List<Double> xs = new ArrayList<>();
                List<Double> ys = new ArrayList<>();
                for (RunResult r : runs) {
                    Object x = r.settings().get(f.x());
                    if (x instanceof Number n) {
                        labels.add(r.name());
                        xs.add(n.doubleValue());
                        ys.add(f.y().endsWith("accuracy") ? 100 * r.metric(f.y()) : r.metric(f.y()));
                    }
                }
                if (!xs.isEmpty()) {
                    doc.figure(file, f.title(), png(Charts.toImage(Charts.metricVersus(f.title(), f.x(),
                            f.y().replace('_', ' ') + (f.y().endsWith("accuracy") ? " (%)" : ""), labels,
                            xs.stream().mapToDouble(Double::doubleValue).toArray(),
                            ys.stream().mapToDouble(Double::doubleValue).toArray(), f.logX()))));
                }
            }
            default -> {
                Experiment.Search s = e.searches.stream().filter(x -> x.name().equals(f.search())).findFirst().orElseThrow();
                List<RunResult> trials = select(byName, s.trials());
                String metric = s.metric().label();
                for (String p : s.parameters()) {
                    List<String> labels = new ArrayList<>();
                    List<Double> xs = new ArrayList<>();
                    List<Double> ys = new ArrayList<>();
                    for (RunResult r : trials) {
                        Object x = r.settings().get("search:" + p);
                        double xv = x instanceof Number n ? n.doubleValue() : parseFirstNumber(String.valueOf(x));
                        if (!Double.isNaN(xv)) {
                            labels.add(r.name());
                            xs.add(xv);
                            ys.add(metric.endsWith("accuracy") ? 100 * r.metric(metric) : r.metric(metric));
                        }
                    }
                    if (xs.isEmpty()) {
                        continue;
                    }
                    double min = xs.stream().mapToDouble(Double::doubleValue).min().orElse(1);
                    double max = xs.stream().mapToDouble(Double::doubleValue).max().orElse(1);
                    boolean log = min > 0 && max / min >= 20;
                    String title = f.title() + ": " + metric.replace('_', ' ') + " against " + p;
                    doc.figure(file.replace(".png", "-" + ExperimentRunner.slug(p) + ".png"), title,
                            png(Charts.toImage(Charts.scatterVersus(title, p, metric.replace('_', ' ')
                                            + (metric.endsWith("accuracy") ? " (%)" : ""), labels,
                                    xs.stream().mapToDouble(Double::doubleValue).toArray(),
                                    ys.stream().mapToDouble(Double::doubleValue).toArray(), log,
                                    s.direction() == Metric.Direction.MAXIMIZE))));
                }
            }
        }
    }

    private static double parseFirstNumber(String s) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("[-+]?[0-9]*\\.?[0-9]+([eE][-+]?[0-9]+)?").matcher(s);
        return m.find() ? Double.parseDouble(m.group()) : Double.NaN;
    }

    static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(image, "png", out)) {
            throw new IOException("no PNG writer available");
        }
        return out.toByteArray();
    }
}
