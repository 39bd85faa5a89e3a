package dev.backprop.examples;

import dev.backprop.check.GradientCheck;
import dev.backprop.nn.Activation;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import dev.backprop.nn.Objective;
import dev.backprop.nn.Regularization;
import dev.backprop.optim.Sgd;
import dev.backprop.random.Rng;
import dev.backprop.tensor.DType;
import dev.backprop.tensor.Matrix;
import dev.backprop.train.TrainingStep;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The README's example: a two-layer network learns XOR, a problem no linear model solves, and a
 * float64 gradient check confirms its backpropagation.
 *
 * <p>Run it with {@code java -jar backprop-examples/target/backprop-quickstart.jar}.
 */
public final class QuickStart {

    private QuickStart() {
    }

    /** Trains, prints the model summary, the loss curve, the predictions and a gradient check. */
    public static void main(String[] args) {
        Result r = run(System.out);
        System.exit(r.accuracy() == 1.0 ? 0 : 1);
    }

    /** What the example achieved. */
    public record Result(double firstLoss, double lastLoss, double accuracy, double maxGradientError,
                         double maxNormGradientError) {
    }

    /** Runs the example, writing its report to {@code out}. */
    public static Result run(PrintStream out) {
        // README example: begin
        Network net = Network.builder(2)
                .dense(8, Activation.TANH)
                .dense(2, Activation.IDENTITY)
                .build(DType.FLOAT64, Rng.seeded(42));
        Objective objective = new Objective(net, Loss.SOFTMAX_CROSS_ENTROPY, Regularization.none());
        TrainingStep step = new TrainingStep(objective, new Sgd(0.5, 0.9, false));
        Matrix x = Matrix.of(new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}});
        int[] y = {0, 1, 1, 0};
        for (int epoch = 0; epoch < 300; epoch++) {
            step.run(x, y, 0);
        }
        // README example: end

        out.println("Backprop quick start: a 2-8-2 tanh network learns XOR\n");
        out.print(net.summary());
        Network fresh = Network.builder(2).dense(8, Activation.TANH).dense(2, Activation.IDENTITY)
                .build(DType.FLOAT64, Rng.seeded(42));
        double firstLoss = new Objective(fresh, Loss.SOFTMAX_CROSS_ENTROPY, Regularization.none()).evaluate(x, y, 0);
        double lastLoss = objective.evaluate(x, y, 0);
        out.printf(Locale.ROOT, "%nloss before training %.4f, after 300 steps %.6f%n%n", firstLoss, lastLoss);

        Matrix logits = net.predict(x, 4);
        int[] predicted = new int[4];
        Loss.SOFTMAX_CROSS_ENTROPY.predict(logits, predicted);
        int correct = 0;
        out.println("x1 x2  label  predicted");
        for (int i = 0; i < 4; i++) {
            out.printf(Locale.ROOT, " %.0f  %.0f  %5d  %9d%n", x.get(i, 0), x.get(i, 1), y[i], predicted[i]);
            correct += predicted[i] == y[i] ? 1 : 0;
        }
        double accuracy = correct / 4.0;
        out.printf(Locale.ROOT, "accuracy %.0f%%%n%n", 100 * accuracy);

        // Check the gradients where they are informative: at the untrained weights. (At the trained
        // point they are ~1e-4, where the rounding error of any difference quotient dominates.)
        var check = new Objective(fresh, Loss.SOFTMAX_CROSS_ENTROPY, Regularization.none());
        var report = GradientCheck.run(check, x, y, GradientCheck.Options.defaults());
        out.println("float64 gradient check at the initial weights (centred differences, h = 1e-5):");
        out.print(report);
        return new Result(firstLoss, lastLoss, accuracy, report.maxRelativeError(), report.maxNormRelativeError());
    }
}
