package io.complianceconnect.groups.simulator;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.IntUnaryOperator;

/**
 * Group sizes for {@link Directory#populate(int, IntUnaryOperator)}, from a short text spec:
 * {@code fixed:M} (every group M members), {@code uniform:A-B} (each group A..B, inclusive) or
 * {@code zipf:MAX} (1..MAX with probability proportional to 1/size²: most groups small, a few very
 * large, as in real directories; a size distribution of 1/size² is what Zipf's rank-size law, size
 * proportional to 1/rank, amounts to). The size of group {@code i} depends only on the seed and
 * {@code i}, so a run is reproducible.
 */
public final class MembersDistribution {

    private MembersDistribution() {
    }

    /** The sizes described by {@code spec}; throws {@link IllegalArgumentException} for a bad spec. */
    public static IntUnaryOperator parse(String spec, long seed) {
        int colon = spec.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("members distribution must be fixed:M, uniform:A-B or zipf:MAX, got " + spec);
        }
        String kind = spec.substring(0, colon);
        String argument = spec.substring(colon + 1);
        switch (kind) {
            case "fixed" -> {
                int members = number(argument, 0);
                return index -> members;
            }
            case "uniform" -> {
                int dash = argument.indexOf('-');
                if (dash < 0) {
                    throw new IllegalArgumentException("uniform needs a range A-B, got " + argument);
                }
                int low = number(argument.substring(0, dash), 0);
                int high = number(argument.substring(dash + 1), low);
                return index -> random(seed, index).nextInt(low, high + 1);
            }
            case "zipf" -> {
                return zipf(number(argument, 1), seed);
            }
            default -> throw new IllegalArgumentException("unknown members distribution " + kind
                    + "; use fixed:M, uniform:A-B or zipf:MAX");
        }
    }

    private static IntUnaryOperator zipf(int max, long seed) {
        double[] cumulative = new double[max];
        double sum = 0;
        for (int size = 1; size <= max; size++) {
            sum += 1.0 / ((double) size * size);
            cumulative[size - 1] = sum;
        }
        double total = sum;
        return index -> {
            double u = random(seed, index).nextDouble() * total;
            int found = Arrays.binarySearch(cumulative, u);
            int position = found >= 0 ? found : -found - 1;
            return Math.min(position, max - 1) + 1;
        };
    }

    private static SplittableRandom random(long seed, int index) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
    }

    private static int number(String text, int minimum) {
        int value;
        try {
            value = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a whole number: " + text);
        }
        if (value < minimum) {
            throw new IllegalArgumentException(value + " is below the minimum " + minimum);
        }
        return value;
    }
}
