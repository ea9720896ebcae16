package io.anbefal.app;

/**
 * The statistics of an A/B test on click-through rates: two proportions (clicks per exposure) and their difference.
 * Normal approximation throughout, as textbooks give it (e.g. Agresti, <i>Categorical Data Analysis</i>, 3rd ed.,
 * sections 1.4 and 2.2; Chow, Shao and Wang, <i>Sample Size Calculations in Clinical Research</i>, 4.2):
 * <ul>
 * <li>the 95% confidence interval of {@code p2 - p1} is {@code d ± z(0.975) · sqrt(p1(1-p1)/n1 + p2(1-p2)/n2)}
 *     (Wald, unpooled);</li>
 * <li>the exposures each arm needs to detect the observed difference {@code d} at two-sided alpha 0.05 with 80%
 *     power are {@code n = (z(0.975) + z(0.80))² · (p1(1-p1) + p2(1-p2)) / d²}, rounded up.</li>
 * </ul>
 * Each exposure counts as an independent trial; exposures of one person are not, so with many exposures per
 * person the interval is narrower than it should be.
 */
public final class TwoProportions {

    /** z(0.975): the two-sided 5% critical value of the standard normal distribution. */
    public static final double Z_ALPHA = 1.959963984540054;
    /** z(0.80): the standard normal quantile for 80% power. */
    public static final double Z_POWER = 0.8416212335729143;

    private TwoProportions() {
    }

    /** A rate's variance term {@code p(1-p)}, with the rate held to [0, 1] (clicks may outnumber exposures). */
    static double variance(double p) {
        double q = Math.max(0, Math.min(1, p));
        return q * (1 - q);
    }

    /** The interval {@code [low, high]} of {@code p2 - p1} at 95%; null when an arm has no exposures. */
    public static double[] interval(long clicks1, long n1, long clicks2, long n2) {
        if (n1 <= 0 || n2 <= 0) {
            return null;
        }
        double p1 = (double) clicks1 / n1;
        double p2 = (double) clicks2 / n2;
        double se = Math.sqrt(variance(p1) / n1 + variance(p2) / n2);
        double d = p2 - p1;
        return new double[] {d - Z_ALPHA * se, d + Z_ALPHA * se};
    }

    /**
     * The exposures each arm needs to tell rates {@code p1} and {@code p2} apart (alpha 0.05 two-sided, 80% power);
     * -1 when they are equal (no difference to detect: no number of exposures is enough).
     */
    public static long neededPerArm(double p1, double p2) {
        double d = p2 - p1;
        if (d == 0 || Double.isNaN(d)) {
            return -1;
        }
        double z = Z_ALPHA + Z_POWER;
        return (long) Math.ceil(z * z * (variance(p1) + variance(p2)) / (d * d));
    }
}
