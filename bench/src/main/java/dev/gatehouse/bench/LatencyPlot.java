package dev.gatehouse.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * The run's latency plot, {@code bench-<UTC timestamp>.png} beside the CSV, drawn with Java2D and
 * ImageIO (no dependency): one percentile curve per target (p50, p90, p99, p99.9, max; medians of
 * the rounds) on a logarithmic millisecond axis, the legend giving each target's req/s.
 */
final class LatencyPlot {

  private static final int WIDTH = 1100;
  private static final int HEIGHT = 640;
  private static final int LEFT = 80;
  private static final int RIGHT = 420;
  private static final int TOP = 70;
  private static final int BOTTOM = 60;
  private static final String[] PERCENTILES = {"p50", "p90", "p99", "p99.9", "max"};
  private static final Color[] COLORS = {
    new Color(0x66, 0x66, 0x66),
    new Color(0x1f, 0x77, 0xb4),
    new Color(0x2c, 0xa0, 0x2c),
    new Color(0x94, 0x67, 0xbd),
    new Color(0xd6, 0x27, 0x28),
    new Color(0xff, 0x7f, 0x0e)
  };

  private LatencyPlot() {}

  static Path write(Path directory, BenchReport report) {
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      draw(g, report);
    } finally {
      g.dispose();
    }
    try {
      Files.createDirectories(directory);
      Path file = directory.resolve("bench-" + report.environment().stamp() + ".png");
      ImageIO.write(image, "png", file.toFile());
      return file;
    } catch (IOException ex) {
      throw new UncheckedIOException("could not write the plot to " + directory, ex);
    }
  }

  private static void draw(Graphics2D g, BenchReport report) {
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, WIDTH, HEIGHT);
    List<TargetResult> targets = report.targets();
    double lowest = Double.MAX_VALUE;
    double highest = 0;
    for (TargetResult target : targets) {
      if (!answered(target)) {
        continue;
      }
      for (double value : values(target)) {
        lowest = Math.min(lowest, Math.max(value, 0.01));
        highest = Math.max(highest, value);
      }
    }
    if (highest == 0) {
      lowest = 0.1;
      highest = 1;
    }
    int lowDecade = (int) Math.floor(Math.log10(lowest));
    int highDecade = Math.max(lowDecade + 1, (int) Math.ceil(Math.log10(Math.max(highest, 0.01))));
    int plotWidth = WIDTH - LEFT - RIGHT;
    int plotHeight = HEIGHT - TOP - BOTTOM;

    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    g.drawString("Gatehouse benchmark: latency percentiles per target (ms, log scale)", LEFT, 28);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    BenchEnvironment environment = report.environment();
    BenchSettings settings = report.settings();
    g.drawString(
        String.format(
            Locale.ROOT,
            "%s, %d cores, %s; wrk %d connections, %d threads; median of %d rounds of %s",
            environment.date(),
            environment.cores(),
            environment.java(),
            settings.connections(),
            settings.threads(),
            settings.rounds(),
            ResultTable.seconds(settings.duration())),
        LEFT,
        48);

    // Grid: a line per decade, labels 0.1, 1, 10, ...
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    for (int decade = lowDecade; decade <= highDecade; decade++) {
      int y = y(Math.pow(10, decade), lowDecade, highDecade, plotHeight);
      g.setColor(new Color(0xdd, 0xdd, 0xdd));
      g.drawLine(LEFT, y, LEFT + plotWidth, y);
      g.setColor(Color.BLACK);
      String label =
          decade < 0
              ? String.format(Locale.ROOT, "%." + (-decade) + "f", Math.pow(10, decade))
              : String.format(Locale.ROOT, "%.0f", Math.pow(10, decade));
      g.drawString(label, LEFT - 10 - g.getFontMetrics().stringWidth(label), y + 4);
    }
    for (int i = 0; i < PERCENTILES.length; i++) {
      int x = x(i, plotWidth);
      g.setColor(new Color(0xee, 0xee, 0xee));
      g.drawLine(x, TOP, x, TOP + plotHeight);
      g.setColor(Color.BLACK);
      int width = g.getFontMetrics().stringWidth(PERCENTILES[i]);
      g.drawString(PERCENTILES[i], x - width / 2, TOP + plotHeight + 20);
    }
    g.drawRect(LEFT, TOP, plotWidth, plotHeight);
    g.drawString("ms", LEFT - 40, TOP - 8);

    for (int t = 0; t < targets.size(); t++) {
      TargetResult target = targets.get(t);
      Color color = COLORS[t % COLORS.length];
      g.setColor(color);
      g.setStroke(new BasicStroke(2.2f));
      double[] values = answered(target) ? values(target) : new double[0];
      int previousX = -1;
      int previousY = -1;
      for (int i = 0; i < values.length; i++) {
        int x = x(i, plotWidth);
        int y = y(Math.max(values[i], 0.01), lowDecade, highDecade, plotHeight);
        if (previousX >= 0) {
          g.drawLine(previousX, previousY, x, y);
        }
        g.fillOval(x - 4, y - 4, 8, 8);
        previousX = x;
        previousY = y;
      }
      int legendY = TOP + 10 + t * 22;
      int legendX = LEFT + plotWidth + 20;
      g.fillRect(legendX, legendY - 8, 18, 8);
      g.setColor(Color.BLACK);
      g.drawString(
          String.format(
              Locale.ROOT,
              answered(target) ? "%s  %,.0f req/s" : "%s  (no answers)",
              target.target().title(),
              target.requestsPerSecond()),
          legendX + 26,
          legendY);
    }
  }

  /** A target whose rounds got no answer at all has no percentiles to draw. */
  private static boolean answered(TargetResult target) {
    return target.rounds().stream().anyMatch(round -> round.wrk().requests() > 0);
  }

  private static double[] values(TargetResult target) {
    return new double[] {
      target.p50Millis(),
      target.p90Millis(),
      target.p99Millis(),
      target.p999Millis(),
      target.maxMillis()
    };
  }

  private static int x(int index, int plotWidth) {
    return LEFT + 30 + index * (plotWidth - 60) / (PERCENTILES.length - 1);
  }

  private static int y(double millis, int lowDecade, int highDecade, int plotHeight) {
    double position = (Math.log10(millis) - lowDecade) / (highDecade - lowDecade);
    return TOP + plotHeight - (int) Math.round(position * plotHeight);
  }
}
