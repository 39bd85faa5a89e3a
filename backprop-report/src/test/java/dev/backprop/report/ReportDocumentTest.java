package dev.backprop.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportDocumentTest {

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};

    private static ReportDocument sample() {
        return new ReportDocument("Study <1>")
                .paragraph("Uses **bold**, `code` & <tags>.")
                .note("A subset | not the whole set.")
                .bullets(List.of("one", "two"))
                .table(List.of("run", "accuracy", "name"), List.of(List.of("a", "96.18%", "x|y"), List.of("b", "–", "z")))
                .code("line 1\n<line 2>\n")
                .figure("loss.png", "Loss & accuracy", PNG);
    }

    @Test
    void markdownKeepsStructureAndLinksFigures() {
        String md = sample().markdown(true);
        assertTrue(md.startsWith("# Study <1>\n\n"), md);
        assertTrue(md.contains("| run | accuracy | name |\n|---|---:|---|\n| a | 96.18% | x\\|y |"), md);
        assertTrue(md.contains("![Loss & accuracy](figures/loss.png)"), md);
        assertTrue(md.contains("> A subset | not the whole set."), md);
        assertFalse(sample().markdown(false).contains("figures/"), "tables-only Markdown has no figures");
    }

    @Test
    void htmlIsSelfContainedAndEscaped() {
        String html = sample().html();
        assertTrue(html.startsWith("<!DOCTYPE html>"), html);
        assertTrue(html.contains("<title>Study &lt;1&gt;</title>"), html);
        assertTrue(html.contains("Uses <strong>bold</strong>, <code>code</code> &amp; &lt;tags&gt;."), html);
        assertTrue(html.contains("<td class=\"num\">96.18%</td>") && html.contains("<td>x|y</td>"), html);
        assertTrue(html.contains("<pre>line 1\n&lt;line 2&gt;</pre>"), html);
        assertTrue(html.contains("src=\"data:image/png;base64,iVBORwECAw==\""), html);
        assertFalse(html.contains("http://") || html.contains("https://"), "no external resources");
    }

    @Test
    void writesPagesAndFigures(@TempDir Path dir) throws Exception {
        sample().write(dir, "report");
        assertArrayEquals(PNG, Files.readAllBytes(dir.resolve("figures/loss.png")));
        assertEquals(sample().html(), Files.readString(dir.resolve("report.html")));
        assertTrue(Files.readString(dir.resolve("report.md")).contains("figures/loss.png"));
    }
}
