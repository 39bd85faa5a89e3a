package dev.backprop.cli;

import dev.backprop.data.DataSources;
import dev.backprop.data.LabeledImages;
import dev.backprop.data.Split;
import dev.backprop.model.Model;
import dev.backprop.train.Evaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code backprop eval}: accuracy, loss, per-class accuracy and confusion matrix of a saved model. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate a saved model on a dataset split: loss, accuracy, per-class accuracy, confusion matrix.",
        footer = {"", "Example:", "  backprop eval runs/a2-tricks/model.safetensors --split test"})
final class EvalCommand implements Callable<Integer> {

    private final CliContext context;

    @Parameters(index = "0", paramLabel = "MODEL", description = "A model file (or a run directory holding model.safetensors).")
    Path modelPath;

    @Option(names = "--dataset", paramLabel = "NAME", description = "Dataset (default: the one the model was trained on).")
    String dataset;

    @Option(names = "--split", defaultValue = "test", paramLabel = "SPLIT", description = "train or test. Default: ${DEFAULT-VALUE}.")
    String split;

    @Option(names = "--first", paramLabel = "N", description = "Evaluate on the first N images of the split.")
    Integer first;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Directory with one folder per dataset.")
    Path dataDir;

    EvalCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        Model model = ModelArgument.load(context, modelPath);
        String name = dataset != null ? dataset : model.dataset();
        if (name == null) {
            throw new CliException(ExitCodes.USAGE, "the model does not record its dataset", "pass --dataset NAME");
        }
        Split which = switch (split.trim().toLowerCase(Locale.ROOT)) {
            case "test" -> Split.TEST;
            case "train" -> Split.TRAIN;
            default -> throw new CliException(ExitCodes.USAGE, "unknown --split '" + split + "'", "use train or test");
        };
        DataSources sources = DataSources.fromEnvironment(context.environment())
                .dataDir(dataDir == null ? null : context.resolve(dataDir)).build();
        LabeledImages images = RecordedSelection.apply(model, sources.load(name, which));
        if (first != null) {
            images = images.first(first);
        }
        Evaluation e;
        try {
            e = model.evaluate(images);
        } catch (IllegalArgumentException mismatch) {
            throw new CliException(ExitCodes.DATA, mismatch.getMessage(),
                    "evaluate the model on the kind of data it was trained on (" + model.dataset() + ")");
        }
        context.out().printf(Locale.ROOT, "%s on %s %s (%,d images)%n", modelPath, name, which.label(), images.count());
        context.out().print(e.report(model.classNames()));
        return ExitCodes.OK;
    }

    /** Class selections recorded at training time, applied again so labels mean the same. */
    static final class RecordedSelection {
        private RecordedSelection() {
        }

        static LabeledImages apply(Model model, LabeledImages images) {
            Object data = model.provenance().get("data");
            if (data instanceof java.util.Map<?, ?> m && m.get("classes") instanceof List<?> classes) {
                int[] keep = classes.stream().mapToInt(c -> ((Number) c).intValue()).toArray();
                return images.keepClasses(keep);
            }
            return images;
        }
    }
}
