package dev.backprop.report;

import dev.backprop.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * A report as a list of blocks (headings, paragraphs, notes, lists, tables, code, figures), written
 * both as Markdown (figures as PNG files alongside) and as one self-contained HTML page (figures
 * embedded), so the same content reads on GitHub, in an editor and in a browser.
 *
 * <pre>{@code
 * ReportDocument doc = new ReportDocument("My study")
 *         .heading(2, "Results").table(header, rows)
 *         .figure("loss.png", "Training and validation loss", png);
 * doc.write(Path.of("runs/my-study"), "report");       // report.md, report.html, figures/loss.png
 * }</pre>
 *
 * <p>Text may use {@code **bold**} and {@code `code`}; everything else is escaped in HTML.
 */
public final class ReportDocument {

    /** One part of the report. */
    public sealed interface Block permits Heading, Paragraph, Note, Bullets, Table, Code, Figure {
    }

    /** A heading of level 1-4. */
    public record Heading(int level, String text) implements Block {
    }

    /** A paragraph of text. */
    public record Paragraph(String text) implements Block {
    }

    /** A highlighted note (a quote block in Markdown). */
    public record Note(String text) implements Block {
    }

    /** A bulleted list. */
    public record Bullets(List<String> items) implements Block {
    }

    /**
     * A table; {@code numeric} columns are right-aligned.
     *
     * @param header  column titles
     * @param rows    cells, row by row
     * @param numeric which columns hold numbers
     */
    public record Table(List<String> header, List<List<String>> rows, List<Boolean> numeric) implements Block {
    }

    /** Preformatted text. */
    public record Code(String text) implements Block {
    }

    /**
     * A figure.
     *
     * @param file    file name under {@code figures/}
     * @param caption what it shows
     * @param png     the image bytes
     */
    public record Figure(String file, String caption, byte[] png) implements Block {
    }

    private final String title;
    private final List<Block> blocks = new ArrayList<>();

    /** A document with a title (the page's first heading). */
    public ReportDocument(String title) {
        this.title = title;
    }

    /** Appends a heading. */
    public ReportDocument heading(int level, String text) {
        blocks.add(new Heading(Math.max(1, Math.min(4, level)), text));
        return this;
    }

    /** Appends a paragraph. */
    public ReportDocument paragraph(String text) {
        blocks.add(new Paragraph(text.strip()));
        return this;
    }

    /** Appends a note. */
    public ReportDocument note(String text) {
        blocks.add(new Note(text.strip()));
        return this;
    }

    /** Appends a list. */
    public ReportDocument bullets(List<String> items) {
        blocks.add(new Bullets(List.copyOf(items)));
        return this;
    }

    /** Appends a table; columns whose cells all look numeric are right-aligned. */
    public ReportDocument table(List<String> header, List<List<String>> rows) {
        List<Boolean> numeric = new ArrayList<>();
        for (int c = 0; c < header.size(); c++) {
            boolean all = !rows.isEmpty();
            for (List<String> r : rows) {
                all &= c < r.size() && r.get(c).matches("[-+]?[0-9.,]+(e[-+]?[0-9]+)?( ?(%|s))?|–");
            }
            numeric.add(all);
        }
        blocks.add(new Table(List.copyOf(header), rows.stream().map(List::copyOf).toList(), numeric));
        return this;
    }

    /** Appends preformatted text. */
    public ReportDocument code(String text) {
        blocks.add(new Code(text));
        return this;
    }

    /** Appends a figure. */
    public ReportDocument figure(String file, String caption, byte[] png) {
        blocks.add(new Figure(file, caption, png));
        return this;
    }

    /** The blocks so far. */
    public List<Block> blocks() {
        return List.copyOf(blocks);
    }

    /** The title. */
    public String title() {
        return title;
    }

    /**
     * Writes {@code <name>.md}, {@code <name>.html} and the figures under {@code figures/}, each file
     * atomically.
     */
    public void write(Path dir, String name) throws IOException {
        for (Block b : blocks) {
            if (b instanceof Figure f) {
                AtomicFiles.writeBytes(dir.resolve("figures").resolve(f.file()), f.png());
            }
        }
        AtomicFiles.writeString(dir.resolve(name + ".md"), markdown(true));
        AtomicFiles.writeString(dir.resolve(name + ".html"), html());
    }

    /** The document as Markdown; figures as links to {@code figures/<file>} (or left out). */
    public String markdown(boolean withFigures) {
        StringBuilder sb = new StringBuilder("# ").append(title).append("\n\n");
        for (Block b : blocks) {
            if (b instanceof Heading h) {
                sb.append("#".repeat(h.level())).append(' ').append(h.text()).append("\n\n");
            } else if (b instanceof Paragraph p) {
                sb.append(p.text()).append("\n\n");
            } else if (b instanceof Note n) {
                sb.append("> ").append(n.text().replace("\n", "\n> ")).append("\n\n");
            } else if (b instanceof Bullets l) {
                l.items().forEach(i -> sb.append("- ").append(i).append('\n'));
                sb.append('\n');
            } else if (b instanceof Table t) {
                sb.append("| ").append(String.join(" | ", t.header())).append(" |\n|");
                for (boolean num : t.numeric()) {
                    sb.append(num ? "---:|" : "---|");
                }
                sb.append('\n');
                for (List<String> r : t.rows()) {
                    sb.append("| ").append(String.join(" | ", r.stream().map(c -> c.replace("|", "\\|")).toList()))
                            .append(" |\n");
                }
                sb.append('\n');
            } else if (b instanceof Code c) {
                sb.append("```\n").append(c.text().stripTrailing()).append("\n```\n\n");
            } else if (b instanceof Figure f && withFigures) {
                sb.append("![").append(f.caption()).append("](figures/").append(f.file()).append(")\n\n*")
                        .append(f.caption()).append("*\n\n");
            }
        }
        return sb.toString();
    }

    /** The document as one self-contained HTML page (figures embedded as data URIs, no external resources). */
    public String html() {
        StringBuilder sb = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
                .append(escape(title)).append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n<main>\n")
                .append("<h1>").append(inline(title)).append("</h1>\n");
        for (Block b : blocks) {
            if (b instanceof Heading h) {
                sb.append("<h").append(h.level()).append('>').append(inline(h.text())).append("</h").append(h.level())
                        .append(">\n");
            } else if (b instanceof Paragraph p) {
                sb.append("<p>").append(inline(p.text())).append("</p>\n");
            } else if (b instanceof Note n) {
                sb.append("<blockquote>").append(inline(n.text())).append("</blockquote>\n");
            } else if (b instanceof Bullets l) {
                sb.append("<ul>\n");
                l.items().forEach(i -> sb.append("<li>").append(inline(i)).append("</li>\n"));
                sb.append("</ul>\n");
            } else if (b instanceof Table t) {
                sb.append("<div class=\"table\"><table>\n<thead><tr>");
                for (int c = 0; c < t.header().size(); c++) {
                    sb.append("<th").append(t.numeric().get(c) ? " class=\"num\"" : "").append('>')
                            .append(inline(t.header().get(c))).append("</th>");
                }
                sb.append("</tr></thead>\n<tbody>\n");
                for (List<String> r : t.rows()) {
                    sb.append("<tr>");
                    for (int c = 0; c < r.size(); c++) {
                        boolean num = c < t.numeric().size() && t.numeric().get(c);
                        sb.append("<td").append(num ? " class=\"num\"" : "").append('>').append(inline(r.get(c)))
                                .append("</td>");
                    }
                    sb.append("</tr>\n");
                }
                sb.append("</tbody></table></div>\n");
            } else if (b instanceof Code c) {
                sb.append("<pre>").append(escape(c.text().stripTrailing())).append("</pre>\n");
            } else if (b instanceof Figure f) {
                sb.append("<figure><img src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(f.png()))
                        .append("\" alt=\"").append(escape(f.caption())).append("\"><figcaption>").append(inline(f.caption()))
                        .append("</figcaption></figure>\n");
            }
        }
        return sb.append("</main>\n</body>\n</html>\n").toString();
    }

    /** Escapes HTML, then renders {@code **bold**} and {@code `code`}. */
    static String inline(String text) {
        String s = escape(text);
        s = s.replaceAll("`([^`]+)`", "<code>$1</code>");
        s = s.replaceAll("\\*\\*([^*]+)\\*\\*", "<strong>$1</strong>");
        return s.replaceAll("\\\\([|*_`])", "$1").replace("\n", " ");
    }

    static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    private static final String CSS = String.join("\n",
            "body { font-family: -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif;",
            "       color: #1f2328; background: #fff; margin: 0; line-height: 1.5; }",
            "main { max-width: 1000px; margin: 0 auto; padding: 24px 32px 64px; }",
            "h1 { font-size: 1.9em; border-bottom: 1px solid #d0d7de; padding-bottom: .3em; }",
            "h2 { font-size: 1.4em; margin-top: 1.8em; border-bottom: 1px solid #eaeef2; padding-bottom: .2em; }",
            "blockquote { margin: 1em 0; padding: .5em 1em; color: #57606a; border-left: 4px solid #d0d7de;",
            "             background: #f6f8fa; }",
            "div.table { overflow-x: auto; }",
            "table { border-collapse: collapse; margin: 1em 0; font-size: .92em; }",
            "th, td { border: 1px solid #d0d7de; padding: 4px 10px; }",
            "th { background: #f6f8fa; text-align: left; }",
            ".num { text-align: right; font-variant-numeric: tabular-nums; }",
            "tbody tr:nth-child(even) { background: #fafbfc; }",
            "pre { background: #f6f8fa; padding: 12px; overflow-x: auto; font-size: .85em; border-radius: 6px; }",
            "code { background: #f0f2f4; padding: 1px 4px; border-radius: 4px; font-size: .9em; }",
            "figure { margin: 1.5em 0; text-align: center; }",
            "figure img { max-width: 100%; height: auto; border: 1px solid #eaeef2; }",
            "figcaption { color: #57606a; font-size: .9em; margin-top: .4em; }",
            "");

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "ReportDocument[%s, %d blocks]", title, blocks.size());
    }
}
