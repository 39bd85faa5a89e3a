package dev.backprop.report;

import dev.backprop.io.AtomicFiles;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;

/** PNG encoding shared by the public {@code writePng} methods, so every figure is written atomically. */
final class Png {

    private Png() {
    }

    /** Encodes {@code image} as PNG and replaces {@code file} atomically, creating its directory. */
    static void write(BufferedImage image, Path file) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (!ImageIO.write(image, "png", bytes)) {
            throw new IOException("no PNG writer available for a " + image.getWidth() + "x" + image.getHeight()
                    + " image of type " + image.getType());
        }
        AtomicFiles.writeBytes(file, bytes.toByteArray());
    }
}
