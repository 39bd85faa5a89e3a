package dev.backprop.cli;

import dev.backprop.data.IdxArray;
import dev.backprop.data.IdxFile;
import dev.backprop.data.ImageFiles;
import dev.backprop.data.ImageShape;
import dev.backprop.data.LabeledImages;
import dev.backprop.model.Model;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code backprop predict}: classes and probabilities for images or IDX rows. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Classify images (PNG, JPEG, BMP, GIF, PGM) or rows of an IDX file with a saved model; prints the"
                + " predicted class and the top probabilities of each.",
        footer = {"", "Examples:", "  backprop predict runs/a2/model.safetensors digit.png --invert",
            "  backprop predict runs/a2/model.safetensors --idx t10k-images-idx3-ubyte.gz --rows 0:5"})
final class PredictCommand implements Callable<Integer> {

    private final CliContext context;

    @Parameters(index = "0", paramLabel = "MODEL", description = "A model file (or a run directory).")
    Path modelPath;

    @Parameters(index = "1..*", paramLabel = "IMAGE", description = "Image files to classify.")
    List<Path> images = new ArrayList<>();

    @Option(names = "--idx", paramLabel = "FILE", description = "Classify rows of an IDX image file instead.")
    Path idx;

    @Option(names = "--rows", defaultValue = "0:10", paramLabel = "FROM:TO", description = "Rows of --idx. Default: ${DEFAULT-VALUE}.")
    String rows;

    @Option(names = "--invert", description = "Invert grey levels (for dark drawings on a light background).")
    boolean invert;

    @Option(names = "--top", defaultValue = "3", paramLabel = "K", description = "Probabilities to show. Default: ${DEFAULT-VALUE}.")
    int top;

    PredictCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        if (images.isEmpty() && idx == null) {
            throw new CliException(ExitCodes.USAGE, "nothing to classify", "name image files or pass --idx FILE");
        }
        Model model = ModelArgument.load(context, modelPath);
        ImageShape shape = inputShape(model);
        List<String> names = new ArrayList<>();
        LabeledImages input;
        if (idx != null) {
            int[] range = range(rows);
            IdxArray array = IdxFile.read(context.resolve(idx));
            int[] dims = array.dimensions();
            int size = Arrays.stream(dims).skip(1).reduce(1, (a, b) -> a * b);
            if (dims.length < 2 || size != shape.size()) {
                throw new CliException(ExitCodes.DATA, idx + ": rows of " + size + " values do not fit this model, which takes "
                        + shape + " images", null);
            }
            int to = Math.min(range[1], dims[0]);
            if (range[0] >= to) {
                throw new CliException(ExitCodes.USAGE, "--rows " + rows + " selects nothing from " + dims[0] + " rows", null);
            }
            byte[] pixels = Arrays.copyOfRange(array.data(), range[0] * size, to * size);
            input = new LabeledImages(idx.toString(), pixels, new int[to - range[0]], shape, List.of("?"));
            for (int r = range[0]; r < to; r++) {
                names.add(idx.getFileName() + "[" + r + "]");
            }
        } else {
            List<Path> files = new ArrayList<>();
            for (Path p : images) {
                files.add(context.resolve(p));
                names.add(p.toString());
            }
            input = ImageFiles.read(files, shape, invert);
        }
        Model.Prediction prediction = model.predict(input);
        int k = Math.max(1, Math.min(top, model.classNames().size()));
        for (int i = 0; i < names.size(); i++) {
            Integer[] order = new Integer[model.classNames().size()];
            for (int c = 0; c < order.length; c++) {
                order[c] = c;
            }
            int row = i;
            Arrays.sort(order, (a, b) -> Double.compare(prediction.probability(row, b), prediction.probability(row, a)));
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%s: %s", names.get(i),
                    model.classNames().get(prediction.classes()[i])));
            sb.append("   (");
            for (int j = 0; j < k; j++) {
                sb.append(j == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %.1f%%", model.classNames().get(order[j]),
                        100 * prediction.probability(i, order[j])));
            }
            context.out().println(sb.append(')'));
        }
        return ExitCodes.OK;
    }

    /** The image shape a model's preprocessing takes: MNIST-like grey squares or CIFAR-like colour squares. */
    static ImageShape inputShape(Model model) {
        if (model.preprocessor() == null) {
            throw new CliException(ExitCodes.DATA, "the model records no image preprocessing, so it cannot take images", null);
        }
        try {
            return ImageShape.square(model.preprocessor().inputSize());
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.DATA, "the model takes inputs of " + model.preprocessor().inputSize()
                    + " values, not a square image", null);
        }
    }

    private static int[] range(String s) {
        String[] parts = s.split(":");
        try {
            int from = Integer.parseInt(parts[0].trim());
            int to = Integer.parseInt(parts[1].trim());
            if (parts.length == 2 && from >= 0 && to > from) {
                return new int[] {from, to};
            }
        } catch (RuntimeException ignored) {
            // reported below
        }
        throw new CliException(ExitCodes.USAGE, "--rows '" + s + "' is not FROM:TO with FROM < TO", "e.g. --rows 0:10");
    }
}
