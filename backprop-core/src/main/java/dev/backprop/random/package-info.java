/**
 * Seeded random number generators, always passed explicitly ({@link dev.backprop.random.Rng}).
 *
 * <ul>
 *   <li>{@link dev.backprop.random.Rng#seeded(long)} and {@link dev.backprop.random.Rng#derive(long,
 *       String)}: xoshiro256** seeded through SplitMix64, Backprop's default; identical results on every
 *       JDK.
 *   <li>{@link dev.backprop.random.NumpyRandomState}: NumPy's legacy {@code RandomState} (MT19937), to
 *       draw exactly what a NumPy program seeded with {@code np.random.seed(s)} draws.
 * </ul>
 */
package dev.backprop.random;
