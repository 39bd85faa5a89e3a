package dev.backprop.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A network too large for the heap is refused with its size before anything is allocated. */
class MemoryLimitTest {

    @Test
    void aNetworkLargerThanTheHeapIsAUsageErrorNamingItsSize(@TempDir Path dir) {
        CliRunner.Result r = new CliRunner(dir).run("train", "--hidden", "30000,30000", "--epochs", "1",
                "--train-first", "100", "--validation", "none", "--output", "big");
        assertEquals(ExitCodes.USAGE, r.exitCode(), r.toString());
        assertTrue(r.err().contains("923,880,010 parameters") && r.err().contains("-Xmx"), r.err());
        assertTrue(!r.err().contains("\tat "), "no stack trace: " + r.err());
    }
}
