package dev.backprop.cli;

import dev.backprop.train.TrainingListener;
import dev.backprop.train.Validation;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Training progress for people: on a terminal a bar with ETA and the latest validation; with output
 * redirected (a log, CI) one line per epoch, so logs stay readable.
 */
final class ProgressDisplay implements TrainingListener, AutoCloseable {

    private final CliContext context;
    private final int maxEpochs;
    private final long startNanos = System.nanoTime();
    private ProgressBar bar;
    private long lastStep;

    ProgressDisplay(CliContext context, int maxEpochs) {
        this.context = context;
        this.maxEpochs = maxEpochs;
    }

    @Override
    public void started(long totalSteps, long startStep) {
        if (startStep > 0) {
            context.err().printf(Locale.ROOT, "resuming from the checkpoint at step %,d%n", startStep);
        }
        if (context.terminal()) {
            bar = new ProgressBarBuilder().setTaskName("training").setInitialMax(totalSteps).startsFrom(startStep,
                    java.time.Duration.ZERO).setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                    // An explicit width: the library would otherwise have JLine load a native library to
                    // measure the terminal, and Backprop stays pure Java.
                    .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(context.err(), width()))
                    .setUpdateIntervalMillis(200).build();
        }
        lastStep = startStep;
    }

    private int width() {
        try {
            return Math.max(60, Integer.parseInt(context.environment().getOrDefault("COLUMNS", "120").trim()) - 1);
        } catch (NumberFormatException e) {
            return 119;
        }
    }

    @Override
    public void step(long step, int epoch, double loss) {
        if (bar != null) {
            bar.stepTo(step);
        }
        lastStep = step;
    }

    @Override
    public void validated(Validation v, boolean improved) {
        if (bar != null) {
            bar.setExtraMessage(Double.isNaN(v.validationAccuracy())
                    ? String.format(Locale.ROOT, " epoch %.1f loss %.3f", v.epoch(), v.trainLoss())
                    : String.format(Locale.ROOT, " epoch %.1f val %.3f %.2f%%", v.epoch(), v.validationLoss(),
                            100 * v.validationAccuracy()));
        }
    }

    @Override
    public void epochEnded(int epochsCompleted, Validation last) {
        if (bar != null || last == null) {
            return;
        }
        PrintStream out = context.out();
        out.printf(Locale.ROOT, "epoch %3d/%d  step %,8d  train loss %.4f  train acc %6.2f%%  val loss %s  val acc %s  %6.1fs%n",
                epochsCompleted, maxEpochs, lastStep, last.trainLoss(), 100 * last.trainAccuracy(),
                Double.isNaN(last.validationLoss()) ? "   -  " : String.format(Locale.ROOT, "%.4f", last.validationLoss()),
                Double.isNaN(last.validationAccuracy()) ? "   -  "
                        : String.format(Locale.ROOT, "%6.2f%%", 100 * last.validationAccuracy()),
                (System.nanoTime() - startNanos) / 1e9);
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
