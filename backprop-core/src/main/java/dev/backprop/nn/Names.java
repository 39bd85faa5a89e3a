package dev.backprop.nn;

import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Looks up configurable names (activations, losses, initialisers, ...) and reports a wrong one with
 * the valid choices and the nearest match, so a typo is fixed in one go.
 */
public final class Names {

    private Names() {
    }

    /**
     * The value whose name equals {@code name} (case-insensitive, '-' read as '_').
     *
     * @throws IllegalArgumentException {@code unknown activation 'sigmod'; did you mean 'sigmoid'? (valid: ...)}
     */
    public static <T> T lookup(String what, String name, T[] values, Function<T, String> nameOf) {
        String wanted = normalize(name == null ? "" : name);
        for (T v : values) {
            if (normalize(nameOf.apply(v)).equals(wanted)) {
                return v;
            }
        }
        String[] valid = Arrays.stream(values).map(nameOf).toArray(String[]::new);
        throw new IllegalArgumentException(unknown(what, name, Arrays.asList(valid)));
    }

    /** Case and '-' versus '_' do not matter in names. */
    private static String normalize(String name) {
        return name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
    }

    /** Rejects keys of {@code parameters} that are not in {@code allowed}, suggesting the nearest. */
    public static void requireKeys(String what, Map<String, ?> parameters, Collection<String> allowed) {
        for (String key : parameters.keySet()) {
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException(allowed.isEmpty()
                        ? what + " takes no parameters, got '" + key + "'"
                        : unknown("key of " + what, key, allowed));
            }
        }
    }

    /** A message for an unknown name with the nearest valid one and the full list. */
    public static String unknown(String what, String name, Collection<String> valid) {
        String nearest = valid.stream()
                .min(Comparator.comparingInt(v -> editDistance(v, String.valueOf(name).toLowerCase(Locale.ROOT))))
                .orElse(null);
        StringBuilder sb = new StringBuilder("unknown ").append(what).append(" '").append(name).append("'");
        if (nearest != null && editDistance(nearest, String.valueOf(name).toLowerCase(Locale.ROOT))
                <= Math.max(2, nearest.length() / 3)) {
            sb.append("; did you mean '").append(nearest).append("'?");
        }
        return sb.append(" (valid: ").append(valid.stream().collect(Collectors.joining(", "))).append(")").toString();
    }

    /** Levenshtein distance between two strings. */
    static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
