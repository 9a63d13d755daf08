package io.insightmesh.it.bench;

import java.util.Locale;

/** The common opening of the benchmarks' plots: an SVG canvas on white with a bold title. */
final class Svg {
  private Svg() {}

  /** An open {@code <svg>} of the given size, its background and {@code title}; close it. */
  static StringBuilder start(int width, int height, String title) {
    return new StringBuilder()
        .append(
            String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                    + "font-family=\"sans-serif\" font-size=\"13\">%n",
                width,
                height))
        .append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n")
        .append("<text x=\"10\" y=\"24\" font-size=\"16\" font-weight=\"bold\">")
        .append(title)
        .append("</text>\n");
  }
}
