/**
 * Numerical gradient checking in float64 ({@link dev.backprop.check.GradientCheck}), usable from tests
 * and the command line.
 */
package dev.backprop.check;
