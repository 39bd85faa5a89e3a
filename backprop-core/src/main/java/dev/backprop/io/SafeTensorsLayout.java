package dev.backprop.io;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Checks that the tensors of a header tile the data buffer exactly: sorted by offset they start at
 * 0, each begins where the previous one ends, and the last ends at the end of the buffer. This is
 * the rule of the reference implementation; it guarantees every data byte belongs to exactly one
 * tensor, so the total allocated never exceeds the bytes actually present.
 */
final class SafeTensorsLayout {

    private static final Comparator<SafeTensorsHeader.Entry> BY_OFFSET =
            Comparator.comparingLong((SafeTensorsHeader.Entry e) -> e.begin).thenComparingLong(e -> e.end);

    private SafeTensorsLayout() {
    }

    /**
     * Returns the entries in data order after checking that they tile the buffer.
     *
     * @param bufferLength the data buffer's length, or -1 if unknown (a stream): then the tensors
     *     must still tile a buffer starting at 0, whose length is the last tensor's end
     * @throws SafeTensorsFormatException naming {@code source} on an offset outside the buffer, an
     *     overlap, a hole, or bytes after the last tensor
     */
    static List<SafeTensorsHeader.Entry> inDataOrder(List<SafeTensorsHeader.Entry> entries, long bufferLength,
            String source) throws SafeTensorsFormatException {
        if (bufferLength >= 0) {
            // Checked before the tiling so the message names the real problem: the file is too short.
            for (SafeTensorsHeader.Entry e : entries) {
                if (e.end > bufferLength) {
                    throw new SafeTensorsFormatException(source, e.describe() + " lies outside the " + bufferLength
                            + "-byte data buffer; the file is truncated or the offsets are wrong");
                }
            }
        }
        List<SafeTensorsHeader.Entry> sorted = new ArrayList<>(entries);
        sorted.sort(BY_OFFSET); // stable, so equal zero-length tensors keep header order
        long expected = 0;
        SafeTensorsHeader.Entry previous = null;
        for (SafeTensorsHeader.Entry e : sorted) {
            if (e.begin < expected) {
                throw new SafeTensorsFormatException(source, e.describe() + " overlaps " + previous.describe()
                        + "; tensors must not share bytes");
            }
            if (e.begin > expected) {
                throw new SafeTensorsFormatException(source, "hole of " + (e.begin - expected) + " bytes at data offset "
                        + expected + " before " + e.describe()
                        + (previous == null ? "" : ", after " + previous.describe())
                        + "; tensors must cover the data buffer without gaps");
            }
            expected = e.end;
            previous = e;
        }
        if (bufferLength >= 0 && expected != bufferLength) {
            throw new SafeTensorsFormatException(source, (bufferLength - expected) + " trailing bytes in the " + bufferLength
                    + "-byte data buffer after the last tensor"
                    + (previous == null ? " (the header lists no tensors)" : ", " + previous.describe())
                    + "; tensors must cover the data buffer exactly");
        }
        return sorted;
    }

    /** The length of the buffer the (already tiled) entries cover. */
    static long coveredLength(List<SafeTensorsHeader.Entry> inDataOrder) {
        return inDataOrder.isEmpty() ? 0 : inDataOrder.get(inDataOrder.size() - 1).end;
    }
}
