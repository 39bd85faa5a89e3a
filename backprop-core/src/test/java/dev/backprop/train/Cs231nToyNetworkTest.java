package dev.backprop.train;

import dev.backprop.check.GradientCheck;
import dev.backprop.check.GradientCheckReport;
import dev.backprop.nn.Activation;
import dev.backprop.nn.Initializer;
import dev.backprop.nn.Loss;
import dev.backprop.nn.Network;
import dev.backprop.nn.Objective;
import dev.backprop.nn.Regularization;
import dev.backprop.optim.LearningRateSchedule;
import dev.backprop.optim.Sgd;
import dev.backprop.random.NumpyRandomState;
import dev.backprop.tensor.DType;
import dev.backprop.tensor.Elementwise;
import dev.backprop.tensor.Matrix;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cs231n / HLCV assignment 2 toy network (4-10-3, ReLU), built from the same NumPy draws as the
 * notebook: its scores and loss equal the assignment's published values, its gradients pass the
 * check, and its 100 training iterations end at the loss NumPy reaches (0.0155).
 */
class Cs231nToyNetworkTest {

    /** The notebook's {@code correct_scores}. */
    private static final double[][] CORRECT_SCORES = {
        {-0.81233741, -1.27654624, -0.70335995},
        {-0.17129677, -1.18803311, -0.47310444},
        {-0.51590475, -1.01354314, -0.8504215},
        {-0.15419291, -0.48629638, -0.52901952},
        {-0.00618733, -0.12435261, -0.15226949}};
    /** The notebook's {@code correct_loss} with reg = 0.05 (objective + reg·ΣW²). */
    private static final double CORRECT_LOSS = 1.30378789133;
    private static final int[] Y = {0, 1, 2, 2, 1};

    private NumpyRandomState rng;
    private Network net;
    private Matrix x;

    private void initToyModelAndData() {
        // np.random.seed(0); W1 = 1e-1 * randn(4, 10); b1 = 0; W2 = 1e-1 * randn(10, 3); b2 = 0
        net = Network.builder(4).initializer(Initializer.normal(0.1))
                .dense(10, Activation.RELU).dense(3, Activation.IDENTITY)
                .build(DType.FLOAT64, new NumpyRandomState(0));
        // np.random.seed(1); X = 10 * randn(5, 4)
        rng = new NumpyRandomState(1);
        x = Matrix.zeros(DType.FLOAT64, 5, 4);
        for (int i = 0; i < x.size(); i++) {
            x.setFlat(i, 10 * rng.nextGaussian());
        }
    }

    @Test
    void scoresAndLossMatchTheAssignment() {
        initToyModelAndData();
        Matrix scores = net.forward(x);
        double worst = 0;
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 3; j++) {
                worst = Math.max(worst, Math.abs(scores.get(i, j) - CORRECT_SCORES[i][j]));
            }
        }
        assertTrue(worst < 1e-8, "scores differ by " + worst + " (published to 8 decimals)");
        double loss = new Objective(net, Loss.SOFTMAX_CROSS_ENTROPY, Regularization.l2(0.05)).evaluate(x, Y, 0);
        assertEquals(CORRECT_LOSS, loss, 1e-11);
        // numpy on this machine: 1.3037878913298202
        assertEquals(1.3037878913298202, loss, 1e-15);
    }

    @Test
    void gradientsPassTheCheck() {
        initToyModelAndData();
        Objective objective = new Objective(net, Loss.SOFTMAX_CROSS_ENTROPY, Regularization.l2(0.05));
        GradientCheckReport report = GradientCheck.run(objective, x, Y, GradientCheck.Options.defaults());
        assertEquals(0, report.kinkCrossings(), report.toString());
        assertTrue(report.passes(1e-8), report.toString());
    }

    /**
     * cs231n's {@code TwoLayerNet.train}: each iteration draws 200 indices with replacement
     * ({@code np.random.choice(5, 200)}, continuing the generator after X), lr 0.1 decays by 0.95
     * after every "epoch" of max(5 / 200, 1) = 1 iteration, reg 5e-6.
     */
    @Test
    void trainingEndsWhereNumpyEnds() {
        initToyModelAndData();
        Objective objective = new Objective(net, Loss.SOFTMAX_CROSS_ENTROPY, Regularization.l2(5e-6));
        Sgd sgd = new Sgd(0.1);
        TrainingStep step = new TrainingStep(objective, sgd);
        LearningRateSchedule schedule = LearningRateSchedule.stepDecayEveryIterations(0.1, 0.95, 1);
        Matrix batch = Matrix.zeros(DType.FLOAT64, 200, 4);
        int[] labels = new int[200];
        double first = 0;
        double last = 0;
        for (int it = 0; it < 100; it++) {
            int[] indices = rng.choice(5, 200);
            Elementwise.gatherRows(x, indices, 0, batch);
            for (int i = 0; i < 200; i++) {
                labels[i] = Y[indices[i]];
            }
            sgd.setLearningRate(schedule.rate(it, 0));
            last = step.run(batch, labels, 0);
            if (it == 0) {
                first = last;
            }
        }
        // numpy's own run of the same algorithm on this machine: 1.2502632649173364 ... 0.015485605560839348
        assertEquals(1.2502632649173364, first, 1e-14);
        assertEquals(0.015485605560839348, last, 1e-12);
    }
}
