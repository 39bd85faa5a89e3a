package dev.backprop.report;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One colour per run, the same in every figure of a report, so a reader who learnt "orange is
 * λ = 0.1" in the loss plot can read the accuracy plot without the legend.
 *
 * <p>Colours come in run order from the Okabe–Ito palette, which stays distinguishable with the
 * common forms of colour blindness and in grey-scale print. Its yellow is left out: it is nearly
 * invisible on white. With more runs than colours the colours repeat, and the {@link #variant}
 * tells the charts to draw the repeat with another line pattern and marker.
 *
 * <pre>{@code
 * Palette palette = new Palette(List.of("baseline", "weight decay", "improved init"));
 * Color c = palette.color("weight decay");         // vermillion, in every chart
 * XYChart loss = Charts.lossCurves("Loss", runs, palette, 10);
 * }</pre>
 */
public final class Palette {

    private static final List<Color> COLOURS = List.of(
            new Color(0x0072B2), // blue
            new Color(0xD55E00), // vermillion
            new Color(0x009E73), // bluish green
            new Color(0xE69F00), // orange
            new Color(0xCC79A7), // reddish purple
            new Color(0x56B4E9), // sky blue
            new Color(0x000000)); // black

    private final Map<String, Integer> index = new LinkedHashMap<>();

    /**
     * Assigns colours to {@code runNames} in order; a name given twice keeps its first colour.
     *
     * @param runNames the runs of the report, in the order they should be coloured
     */
    public Palette(List<String> runNames) {
        for (String name : runNames) {
            index.putIfAbsent(Objects.requireNonNull(name, "run name"), index.size());
        }
    }

    /** The palette's distinct colours in assignment order. */
    public static List<Color> colours() {
        return COLOURS;
    }

    /** The runs this palette knows, in assignment order. */
    public List<String> runs() {
        return Collections.unmodifiableList(new ArrayList<>(index.keySet()));
    }

    /** True when {@code run} has a colour here. */
    public boolean contains(String run) {
        return index.containsKey(run);
    }

    /**
     * The colour of {@code run}.
     *
     * @throws IllegalArgumentException if the run was not given to the constructor
     */
    public Color color(String run) {
        return COLOURS.get(position(run) % COLOURS.size());
    }

    /**
     * 0 for the first {@code colours().size()} runs, 1 for the next ones (which reuse the colours),
     * and so on; charts draw each variant with its own line pattern and marker.
     *
     * @throws IllegalArgumentException if the run was not given to the constructor
     */
    public int variant(String run) {
        return position(run) / COLOURS.size();
    }

    private int position(String run) {
        Integer i = index.get(run);
        if (i == null) {
            throw new IllegalArgumentException("run '" + run + "' has no colour; the palette knows " + index.keySet());
        }
        return i;
    }
}
