package dev.backprop.train;

import java.io.IOException;
import java.util.Optional;

/**
 * Where a {@link Trainer} keeps its checkpoint. Implementations write atomically, so a run killed at
 * any moment leaves either the previous checkpoint or the new one, never half of one.
 */
public interface CheckpointStore {

    /** Replaces the stored checkpoint. */
    void save(Checkpoint checkpoint) throws IOException;

    /** The stored checkpoint, if any. */
    Optional<Checkpoint> load() throws IOException;
}
