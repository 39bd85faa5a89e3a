/**
 * JMH benchmarks of the numeric kernels ({@link dev.backprop.jmh.GemmBenchmarks},
 * {@link dev.backprop.jmh.ElementwiseBenchmarks}) and of whole training steps
 * ({@link dev.backprop.jmh.TrainingStepBenchmarks}). Build with {@code ./mvnw package}, then run
 * {@code java -jar backprop-bench/target/backprop-jmh.jar} (the forks enable the Vector API and
 * print the JDK and kernel path in their first line). Compare paths with
 * {@code -jvmArgsAppend -Dbackprop.kernels=scalar}.
 */
package dev.backprop.jmh;
