package dev.backprop.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code backprop bench}: the JSON the comparison script reads, the text table, and bad options. */
class BenchCommandTest {

    @TempDir
    Path dir;

    @Test
    void jsonNamesTheWorkloadTheJdkAndTheKernels() throws Exception {
        CliRunner.Result r = new CliRunner(dir).run("bench", "--workload", "w4", "--samples", "1024", "--epochs", "2",
                "--warmup", "0", "--threads", "2", "--json");
        assertEquals(0, r.exitCode(), r.toString());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals("W4", json.get("workload").asText());
        assertEquals(512, json.get("batch").asInt());
        assertEquals(1024, json.get("samples_per_epoch").asInt());
        assertEquals(2, json.get("epoch_seconds").size());
        assertEquals(2, json.get("threads").asInt());
        assertTrue(json.get("jdk").asText().startsWith(System.getProperty("java.version")), json.toString());
        assertTrue(json.get("kernels").asText().startsWith("vector"), "tests run with the Vector API: " + json);
        double median = json.get("median_seconds").asDouble();
        assertEquals(1024 / median, json.get("samples_per_second").asDouble(), 1e-6 * 1024 / median);
    }

    @Test
    void textTableAndGemm() {
        CliRunner.Result r = new CliRunner(dir).run("bench", "--workload", "W1", "--samples", "64", "--epochs", "1",
                "--warmup", "0");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("JDK " + System.getProperty("java.version")) && r.out().contains("W1"), r.out());
        CliRunner.Result g = new CliRunner(dir).run("bench", "--gemm", "--shape", "16x24x40", "--threads", "1");
        assertEquals(0, g.exitCode(), g.toString());
        assertTrue(g.out().contains("16x24x40") && g.out().contains("float32") && g.out().contains("float64"), g.out());
    }

    @Test
    void badOptionsAreUsageErrors() {
        CliRunner cli = new CliRunner(dir);
        CliRunner.Result unknown = cli.run("bench", "--workload", "W9");
        assertEquals(ExitCodes.USAGE, unknown.exitCode(), unknown.toString());
        assertTrue(unknown.err().contains("W9") && unknown.err().contains("W1, W2"), unknown.err());
        assertEquals(ExitCodes.USAGE, cli.run("bench", "--threads", "0").exitCode());
        assertEquals(ExitCodes.USAGE, cli.run("bench", "--samples", "10", "--workload", "W1").exitCode());
        CliRunner.Result shape = cli.run("bench", "--gemm", "--shape", "2x2");
        assertEquals(ExitCodes.USAGE, shape.exitCode(), shape.toString());
        assertTrue(shape.err().contains("MxNxK"), shape.err());
    }
}
