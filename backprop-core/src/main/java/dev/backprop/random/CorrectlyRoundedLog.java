package dev.backprop.random;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The natural logarithm correctly rounded to nearest (ties to even): the double closest to the exact
 * {@code ln(x)}.
 *
 * <p>Why not {@code StrictMath.log}: fdlibm's log is only faithful (error below 1 ulp), and on
 * {@code r2} values drawn by the polar method it disagrees with glibc's log, which NumPy's
 * {@code legacy_gauss} calls, about 7 times in 100. glibc's log is correctly rounded for all but
 * about 8 in 10,000 of those inputs, so a correctly rounded log is the closest JDK-independent match.
 *
 * <p>Method (Ziv's strategy): reduce {@code x = m * 2^k} with {@code m} in {@code (sqrt(2)/2, sqrt(2)]};
 * evaluate {@code ln(m) = 2 atanh(s)}, {@code s = (m - 1) / (m + 1)}, {@code |s| <= 0.1716}, from its
 * odd power series in double-double arithmetic (error below 2^-100 relative) and add {@code k ln 2}.
 * If that result lies too close to a rounding boundary to decide, recompute with 90-digit
 * {@link BigDecimal} arithmetic, which happens for about one input in 2^44.
 *
 * <p>Only IEEE-754 basic operations and exact {@code BigDecimal} arithmetic are used, so the results
 * are identical on every JDK.
 */
final class CorrectlyRoundedLog {

    /** ln 2 split as hi + lo, hi the double nearest ln 2, lo the double nearest the remainder. */
    private static final double LN2_HI = 0x1.62e42fefa39efp-1;
    private static final double LN2_LO = 0x1.abc9e3b39803fp-56;
    private static final double SQRT2 = 0x1.6a09e667f3bcdp0;
    /** Dekker's splitting constant 2^27 + 1. */
    private static final double SPLITTER = 0x1.0p27 + 1.0;
    /** Highest power index j in the series P(t) = sum t^j / (2j + 3); t^23 / 49 < 2^-120. */
    private static final int SERIES_TERMS = 22;
    /** The double-double evaluation is accurate to far better than this relative bound. */
    private static final double ERROR_BOUND = 0x1.0p-98;

    private static final MathContext SLOW_CONTEXT = new MathContext(90, RoundingMode.HALF_EVEN);
    private static final BigDecimal SLOW_TOLERANCE = BigDecimal.ONE.movePointLeft(95);

    private CorrectlyRoundedLog() {
    }

    /**
     * {@code ln(x)} correctly rounded to nearest; {@code NaN} for {@code x < 0} or NaN,
     * {@code -Infinity} for zero, {@code +Infinity} for {@code +Infinity}, exactly 0 for 1.
     */
    static double log(double x) {
        if (!(x > 0.0)) {
            return x == 0.0 ? Double.NEGATIVE_INFINITY : Double.NaN;
        }
        if (x == Double.POSITIVE_INFINITY) {
            return x;
        }
        if (x == 1.0) {
            return 0.0;
        }
        int k = 0;
        if (x < Double.MIN_NORMAL) {
            x *= 0x1.0p54;
            k = -54;
        }
        long bits = Double.doubleToRawLongBits(x);
        k += (int) (bits >>> 52) - 1023;
        double m = Double.longBitsToDouble((bits & 0x000F_FFFF_FFFF_FFFFL) | 0x3FF0_0000_0000_0000L);
        if (m > SQRT2) {
            m *= 0.5;
            k++;
        }

        // s = (m - 1) / (m + 1) as a double-double; m - 1 is exact (Sterbenz), m + 1 is not.
        double num = m - 1.0;
        double den = m + 1.0;
        double denLo = twoSumError(m, 1.0, den);
        DoubleDouble s = new DoubleDouble(num, 0.0).divide(den, denLo);

        DoubleDouble t = s.copy().multiply(s.hi, s.lo);
        // Horner on P(t) = 1/3 + t/5 + t^2/7 + ..., so that ln(m) = 2 (s + s t P(t)).
        DoubleDouble p = reciprocal(2 * SERIES_TERMS + 3);
        for (int j = SERIES_TERMS - 1; j >= 0; j--) {
            DoubleDouble c = reciprocal(2 * j + 3);
            p.multiply(t.hi, t.lo).add(c.hi, c.lo);
        }
        DoubleDouble lnm = s.copy().multiply(t.hi, t.lo).multiply(p.hi, p.lo).add(s.hi, s.lo);
        lnm.hi *= 2.0;
        lnm.lo *= 2.0;

        // k ln 2: the product with LN2_HI is split exactly, the LN2_LO part only needs double precision.
        double kd = k;
        double kHi = kd * LN2_HI;
        double kLo = twoProductError(kd, LN2_HI, kHi) + kd * LN2_LO;
        DoubleDouble y = lnm.add(kHi, kLo);

        double hi = y.hi + y.lo;
        double lo = y.lo - (hi - y.hi);
        double ulp = Math.ulp(hi);
        double slack = Math.abs(hi) * ERROR_BOUND;
        double absLo = Math.abs(lo);
        // Undecidable if the remainder is near half an ulp (or near a quarter ulp: below a power of two
        // the spacing halves).
        if (Math.abs(absLo - 0.5 * ulp) <= slack || Math.abs(absLo - 0.25 * ulp) <= slack) {
            return logSlow(k, m);
        }
        return hi;
    }

    /** {@code ln(x)} by the 90-digit {@link BigDecimal} path only, for testing the fast path. */
    static double logSlow(double x) {
        if (!(x > 0.0) || x == Double.POSITIVE_INFINITY || x == 1.0) {
            return log(x);
        }
        int k = Math.getExponent(x);
        double m = x;
        if (x < Double.MIN_NORMAL) {
            m *= 0x1.0p54;
            k = Math.getExponent(m) - 54;
        }
        m = Math.scalb(m, -Math.getExponent(m));
        if (m > SQRT2) {
            m *= 0.5;
            k++;
        }
        return logSlow(k, m);
    }

    /** ln(m * 2^k) = 2 atanh((m - 1) / (m + 1)) + k * 2 atanh(1/3), to 90 significant digits. */
    private static double logSlow(int k, double m) {
        BigDecimal bm = new BigDecimal(m);
        BigDecimal s = bm.subtract(BigDecimal.ONE).divide(bm.add(BigDecimal.ONE), SLOW_CONTEXT);
        BigDecimal third = BigDecimal.ONE.divide(BigDecimal.valueOf(3), SLOW_CONTEXT);
        BigDecimal ln2 = twiceAtanh(third);
        BigDecimal result = twiceAtanh(s).add(ln2.multiply(BigDecimal.valueOf(k), SLOW_CONTEXT), SLOW_CONTEXT);
        // BigDecimal -> double conversion is correctly rounded; 90 digits leave no double-rounding risk,
        // since no double's log lies within 10^-80 relative of a rounding boundary.
        return result.doubleValue();
    }

    /** 2 atanh(s) = 2 (s + s^3/3 + s^5/5 + ...) for |s| <= 1/3. */
    private static BigDecimal twiceAtanh(BigDecimal s) {
        BigDecimal s2 = s.multiply(s, SLOW_CONTEXT);
        BigDecimal power = s;
        BigDecimal sum = BigDecimal.ZERO;
        for (int n = 1; power.abs().compareTo(SLOW_TOLERANCE) > 0; n += 2) {
            sum = sum.add(power.divide(BigDecimal.valueOf(n), SLOW_CONTEXT), SLOW_CONTEXT);
            power = power.multiply(s2, SLOW_CONTEXT);
        }
        return sum.add(sum, SLOW_CONTEXT);
    }

    /** 1/n as a double-double, for small positive integers n. */
    private static DoubleDouble reciprocal(int n) {
        double hi = 1.0 / n;
        // 1 - hi*n is exact as the sum of two exact terms (the product error and a Sterbenz difference).
        double product = hi * n;
        double remainder = (1.0 - product) - twoProductError(hi, n, product);
        return new DoubleDouble(hi, remainder / n);
    }

    /** The rounding error of {@code sum = a + b} (Knuth's TwoSum), so a + b = sum + error exactly. */
    private static double twoSumError(double a, double b, double sum) {
        double bVirtual = sum - a;
        double aVirtual = sum - bVirtual;
        return (a - aVirtual) + (b - bVirtual);
    }

    /**
     * The rounding error of {@code product = a * b} (Dekker's TwoProduct with Veltkamp splitting), so
     * a * b = product + error exactly; valid for the moderate magnitudes used here.
     */
    private static double twoProductError(double a, double b, double product) {
        double ca = SPLITTER * a;
        double aHi = ca - (ca - a);
        double aLo = a - aHi;
        double cb = SPLITTER * b;
        double bHi = cb - (cb - b);
        double bLo = b - bHi;
        return ((aHi * bHi - product) + aHi * bLo + aLo * bHi) + aLo * bLo;
    }

    /** An unevaluated sum hi + lo with |lo| <= ulp(hi) / 2; operations update it in place. */
    private static final class DoubleDouble {
        double hi;
        double lo;

        DoubleDouble(double hi, double lo) {
            this.hi = hi;
            this.lo = lo;
        }

        DoubleDouble copy() {
            return new DoubleDouble(hi, lo);
        }

        DoubleDouble multiply(double bHi, double bLo) {
            double p = hi * bHi;
            double e = twoProductError(hi, bHi, p) + (hi * bLo + lo * bHi);
            return normalize(p, e);
        }

        DoubleDouble add(double bHi, double bLo) {
            double s = hi + bHi;
            double e = twoSumError(hi, bHi, s) + (lo + bLo);
            return normalize(s, e);
        }

        /** this / (bHi + bLo): one long-division step, the remainder computed exactly. */
        DoubleDouble divide(double bHi, double bLo) {
            double q = hi / bHi;
            double p = q * bHi;
            double remainder = ((hi - p) - twoProductError(q, bHi, p)) + lo - q * bLo;
            return normalize(q, remainder / bHi);
        }

        private DoubleDouble normalize(double a, double b) {
            hi = a + b;
            lo = b - (hi - a);
            return this;
        }
    }
}
