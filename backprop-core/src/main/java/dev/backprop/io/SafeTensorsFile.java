package dev.backprop.io;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * The content of a safetensors file as {@link SafeTensors#read(java.nio.file.Path)} returns it:
 * string metadata and named tensors, each tensor an {@link NpyArray} (the same typed array with a
 * shape that {@code .npy} files hold, so a tensor moves between the two formats as is).
 *
 * <pre>{@code
 * SafeTensorsFile f = SafeTensors.read(Path.of("model.safetensors"));
 * String arch = f.metadata().get("architecture");
 * Matrix w0 = MatrixArrays.toMatrix(f.tensor("layers.0.weight"));
 * for (Map.Entry<String, NpyArray> t : f.tensors().entrySet()) {
 *     System.out.println(t.getKey() + " " + t.getValue());   // e.g. "layers.0.bias NpyArray[float32 (64,)]"
 * }
 * }</pre>
 *
 * <p>Instances are immutable apart from the tensors' backing arrays, which {@link NpyArray} never
 * hands out (its accessors return copies).
 */
public final class SafeTensorsFile {

    /** Names listed in the message for a missing tensor; a model may have thousands. */
    private static final int NAMES_IN_MESSAGE = 20;

    private final String source;
    private final Map<String, String> metadata;
    private final Map<String, NpyArray> tensors;
    private final boolean checksumVerified;

    SafeTensorsFile(String source, Map<String, String> metadata, Map<String, NpyArray> tensors, boolean checksumVerified) {
        this.source = source;
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        this.checksumVerified = checksumVerified;
    }

    /**
     * Returns the file path or stream name the content was read from.
     *
     * @return the source, as used in error messages
     */
    public String source() {
        return source;
    }

    /**
     * Returns the {@code __metadata__} entries in header order. The
     * {@value SafeTensors#CHECKSUM_KEY} entry is not included: it was consumed by verification
     * (see {@link #checksumVerified()}), and leaving it out makes write-then-read return exactly
     * the metadata that was written.
     *
     * @return an unmodifiable, insertion-ordered map; empty if the file has no metadata
     */
    public Map<String, String> metadata() {
        return metadata;
    }

    /**
     * Returns the tensors in the order of their data in the file, which for files Backprop wrote
     * is the order they were given to {@link SafeTensors#write}.
     *
     * @return an unmodifiable, insertion-ordered map from tensor name to array
     */
    public Map<String, NpyArray> tensors() {
        return tensors;
    }

    /**
     * Returns the tensor called {@code name}.
     *
     * @param name the tensor's name in the header
     * @return the tensor
     * @throws NoSuchElementException if the file has no such tensor; the message names the source
     *     and lists (the first of) the names it does have
     */
    public NpyArray tensor(String name) {
        Objects.requireNonNull(name, "name");
        NpyArray t = tensors.get(name);
        if (t == null) {
            StringBuilder names = new StringBuilder();
            int shown = 0;
            for (String n : tensors.keySet()) {
                if (shown == NAMES_IN_MESSAGE) {
                    names.append(", ... (").append(tensors.size()).append(" in all)");
                    break;
                }
                names.append(shown++ > 0 ? ", " : "").append(JsonText.quote(n));
            }
            throw new NoSuchElementException(source + ": no tensor " + JsonText.quote(name)
                    + (tensors.isEmpty() ? "; the file holds no tensors" : "; it has " + names));
        }
        return t;
    }

    /**
     * Returns whether the file carried a {@value SafeTensors#CHECKSUM_KEY} entry, which was then
     * verified (reading fails on a mismatch). Files written by Backprop always carry one; files from
     * other tools usually do not, and are read without this protection.
     *
     * <p>Damage to the entry's own key (say {@code backprop.crc32c} becoming {@code backprop.crc32s})
     * makes a Backprop file look like an unchecked one. Code that loads files only Backprop writes,
     * such as checkpoints, should therefore use {@link #requireChecksum()}.
     *
     * @return {@code true} if the content was checked against the stored checksum
     */
    public boolean checksumVerified() {
        return checksumVerified;
    }

    /**
     * Fails unless the content was verified against a {@value SafeTensors#CHECKSUM_KEY} checksum,
     * for files that Backprop itself wrote: then a damaged file is never accepted.
     *
     * <pre>{@code
     * SafeTensorsFile ckpt = SafeTensors.read(Path.of("ckpt-0012.safetensors")).requireChecksum();
     * }</pre>
     *
     * @return this file
     * @throws SafeTensorsFormatException naming the source if the file had no checksum
     */
    public SafeTensorsFile requireChecksum() throws SafeTensorsFormatException {
        if (!checksumVerified) {
            throw new SafeTensorsFormatException(source, "no " + SafeTensors.CHECKSUM_KEY
                    + " checksum; Backprop writes one into every file, so this file was written by another tool"
                    + " or its checksum entry was damaged");
        }
        return this;
    }

    /** Describes the source and tensor count, e.g. {@code SafeTensorsFile[model.safetensors, 4 tensors]}. */
    @Override
    public String toString() {
        return "SafeTensorsFile[" + source + ", " + tensors.size() + (tensors.size() == 1 ? " tensor" : " tensors")
                + (metadata.isEmpty() ? "" : ", " + metadata.size() + " metadata entries") + "]";
    }
}
