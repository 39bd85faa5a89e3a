package dev.backprop.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Atomic replacement: a failed or killed write never shows, and its leftovers can be cleaned. */
class AtomicFilesTest {

    @TempDir
    Path dir;

    private List<String> names() throws IOException {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aWriteThatFailsHalfWayLeavesTheOldContentAndNoTemporaryFile() throws IOException {
        Path file = dir.resolve("checkpoint.safetensors");
        AtomicFiles.writeString(file, "old, complete content");
        IOException full = new IOException("No space left on device");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(file, "file", channel -> {
            channel.write(ByteBuffer.wrap("new content, half of it".getBytes()));
            throw full;
        }));
        assertSame(full, e);
        assertEquals("old, complete content", Files.readString(file));
        assertEquals(List.of("checkpoint.safetensors"), names());
    }

    @Test
    void deleteLeftoversRemovesOnlyTheTemporaryFilesOfThatFile() throws IOException {
        Path file = dir.resolve("model.safetensors");
        AtomicFiles.writeString(file, "model");
        for (String name : List.of(".model.safetensors.1a2b3c.tmp", ".model.safetensors.z.tmp",
                ".steps.csv.1a2b3c.tmp", ".model.safetensors.tmp", ".model.safetensors.AB.tmp",
                ".model.safetensors.1a2b3c.tmp.keep", "model.safetensors.1a2b3c.tmp")) {
            Files.writeString(dir.resolve(name), "partial");
        }
        assertEquals(2, AtomicFiles.deleteLeftovers(file));
        assertEquals(List.of(".model.safetensors.1a2b3c.tmp.keep", ".model.safetensors.AB.tmp", ".model.safetensors.tmp",
                ".steps.csv.1a2b3c.tmp", "model.safetensors", "model.safetensors.1a2b3c.tmp"), names());
        assertEquals(0, AtomicFiles.deleteLeftovers(dir.resolve("missing/model.safetensors")), "no directory, nothing to do");
    }

    @Test
    void theTemporaryFileOfAWriteIsWhatDeleteLeftoversRemoves() throws IOException {
        Path file = dir.resolve("history.json");
        String[] seen = new String[1];
        AtomicFiles.write(file, "file", channel -> {
            try (var s = Files.list(dir)) {
                seen[0] = s.map(p -> p.getFileName().toString()).findFirst().orElseThrow();
            }
            channel.write(ByteBuffer.wrap("{}".getBytes()));
        });
        assertTrue(seen[0].startsWith(".history.json.") && seen[0].endsWith(".tmp"), seen[0]);
        // The same name left behind, as by a process killed before its rename.
        Files.writeString(dir.resolve(seen[0]), "{\"partial");
        assertEquals(1, AtomicFiles.deleteLeftovers(file));
        assertEquals(List.of("history.json"), names());
        assertEquals("{}", Files.readString(file));
    }
}
