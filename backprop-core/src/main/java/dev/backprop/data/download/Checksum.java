package dev.backprop.data.download;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * An expected digest of some bytes: the algorithm ({@code "SHA-256"} or {@code "MD5"}) and the digest
 * as lowercase hex. MD5 is accepted only because some data sets publish nothing stronger (MNIST); it
 * detects corruption, not tampering.
 *
 * <pre>{@code
 * Checksum labels = Checksum.md5("27ae3e4e09519cfbb04c329615203637");
 * labels.describe();   // "MD5 27ae3e4e09519cfbb04c329615203637"
 * }</pre>
 *
 * @param algorithm {@link #SHA_256} or {@link #MD5}
 * @param hex the digest in hex; upper case is accepted and stored as lower case
 */
public record Checksum(String algorithm, String hex) {

    /** The name of SHA-256, as {@link MessageDigest} spells it. */
    public static final String SHA_256 = "SHA-256";

    /** The name of MD5, as {@link MessageDigest} spells it. */
    public static final String MD5 = "MD5";

    /**
     * Validates and normalises the digest.
     *
     * @param algorithm {@link #SHA_256} or {@link #MD5}
     * @param hex the digest in hex, either case
     * @throws IllegalArgumentException if the algorithm is not SHA-256 or MD5, or the hex is not a
     *     digest of that algorithm's length (64 hex digits for SHA-256, 32 for MD5)
     * @throws NullPointerException if either argument is null
     */
    public Checksum {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(hex, "hex");
        int digits = switch (algorithm) {
            case SHA_256 -> 64;
            case MD5 -> 32;
            default -> throw new IllegalArgumentException(
                    "unsupported checksum algorithm '" + algorithm + "': use " + SHA_256 + " or " + MD5);
        };
        hex = hex.toLowerCase(Locale.ROOT);
        if (hex.length() != digits || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException(
                    "not a " + algorithm + " digest (" + digits + " hex digits expected): '" + hex + "'");
        }
    }

    /**
     * A SHA-256 checksum.
     *
     * @param hex 64 hex digits
     * @return the checksum
     * @throws IllegalArgumentException if {@code hex} is not 64 hex digits
     */
    public static Checksum sha256(String hex) {
        return new Checksum(SHA_256, hex);
    }

    /**
     * An MD5 checksum.
     *
     * @param hex 32 hex digits
     * @return the checksum
     * @throws IllegalArgumentException if {@code hex} is not 32 hex digits
     */
    public static Checksum md5(String hex) {
        return new Checksum(MD5, hex);
    }

    /**
     * The checksum for messages, e.g. {@code "SHA-256 6bbc9ace…"} with the full hex.
     *
     * @return algorithm, a space and the hex digest
     */
    public String describe() {
        return algorithm + " " + hex;
    }

    /**
     * A fresh digest of this checksum's algorithm, to feed the bytes to check.
     *
     * @return a new {@link MessageDigest}
     */
    public MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide both algorithms, so this is a broken runtime.
            throw new IllegalStateException(algorithm + " is not available in this Java runtime", e);
        }
    }

    /**
     * Whether a computed digest equals this checksum.
     *
     * @param digest the bytes returned by {@link MessageDigest#digest()}
     * @return true if they are the expected digest
     */
    public boolean matches(byte[] digest) {
        return MessageDigest.isEqual(digest, HexFormat.of().parseHex(hex));
    }
}
