package dev.backprop.report;

import org.knowm.xchart.style.markers.Marker;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Path2D;

/** A large outlined star, to make one point (the best trial) stand out among ordinary markers. */
final class StarMarker extends Marker {

    private static final double SCALE = 1.5;
    private static final Color OUTLINE = new Color(0x333333);

    @Override
    public void paint(Graphics2D g, double x, double y, int markerSize) {
        double outer = SCALE * markerSize;
        double inner = outer * 0.45;
        Path2D.Double star = new Path2D.Double();
        for (int i = 0; i < 10; i++) {
            double r = i % 2 == 0 ? outer : inner;
            double angle = -Math.PI / 2 + i * Math.PI / 5;
            double px = x + r * Math.cos(angle);
            double py = y + r * Math.sin(angle);
            if (i == 0) {
                star.moveTo(px, py);
            } else {
                star.lineTo(px, py);
            }
        }
        star.closePath();
        Color fill = g.getColor();
        g.fill(star);
        g.setColor(OUTLINE);
        g.setStroke(new BasicStroke(1f));
        g.draw(star);
        g.setColor(fill);
    }
}
