package dev.backprop.report;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PaletteTest {

    @Test
    void runsGetDistinctColoursInOrder() {
        Palette p = new Palette(List.of("a", "b", "c"));
        assertEquals(Palette.colours().get(0), p.color("a"));
        assertEquals(Palette.colours().get(2), p.color("c"));
        assertEquals(p.color("b"), new Palette(List.of("a", "b", "c")).color("b"), "same runs, same colours");
        assertEquals(List.of("a", "b", "c"), p.runs());
        assertEquals(3, new HashSet<>(List.of(p.color("a"), p.color("b"), p.color("c"))).size());
    }

    @Test
    void paletteIsDistinctAndHasNoWhiteOrNearWhite() {
        assertEquals(Palette.colours().size(), new HashSet<>(Palette.colours()).size());
        for (var c : Palette.colours()) {
            assertTrue(c.getRed() + c.getGreen() + c.getBlue() < 3 * 220, c.toString());
        }
    }

    @Test
    void moreRunsThanColoursCycleWithAnotherVariant() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < Palette.colours().size() + 2; i++) {
            names.add("run " + i);
        }
        Palette p = new Palette(names);
        int n = Palette.colours().size();
        assertEquals(p.color("run 0"), p.color("run " + n));
        assertEquals(0, p.variant("run 0"));
        assertEquals(1, p.variant("run " + n));
        assertNotEquals(p.color("run 0"), p.color("run 1"));
    }

    @Test
    void aRepeatedNameKeepsItsFirstColourAndUnknownRunsAreRejected() {
        Palette p = new Palette(List.of("a", "b", "a", "c"));
        assertEquals(Palette.colours().get(2), p.color("c"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.color("z"));
        assertTrue(e.getMessage().contains("z") && e.getMessage().contains("a"), e.getMessage());
    }
}
