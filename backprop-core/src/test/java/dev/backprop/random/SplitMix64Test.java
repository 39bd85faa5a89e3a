package dev.backprop.random;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Reference values from an independent Python 3 transcription of SplitMix64 (Steele, Lea, Flood 2014). */
class SplitMix64Test {

    @Test
    @DisplayName("mix() matches the reference finaliser")
    void mixMatchesReference() {
        assertEquals(0x0000000000000000L, SplitMix64.mix(0L));
        assertEquals(0x5692161d100b05e5L, SplitMix64.mix(1L));
        assertEquals(0xe220a8397b1dcdafL, SplitMix64.mix(0x9e3779b97f4a7c15L));
        assertEquals(0xb4d055fcf2cbbd7bL, SplitMix64.mix(0xffffffffffffffffL));
    }

    @Test
    @DisplayName("the stream from seed 0 starts 0xe220a8397b1dcdaf, the published SplitMix64 output")
    void streamFromZero() {
        SplitMix64 sm = new SplitMix64(0);
        assertEquals(0xe220a8397b1dcdafL, sm.nextLong());
        assertEquals(0x6e789e6aa1b965f4L, sm.nextLong());
        assertEquals(0x06c45d188009454fL, sm.nextLong());
        assertEquals(0xf88bb8a8724c81ecL, sm.nextLong());
    }
}
