package io.heapcapture.analyzer.suspects;

/**
 * What each place (see {@link Places}) of the baseline dump held: all that is kept of the
 * baseline's graph to measure growth in the current one. A place the baseline did not have held
 * nothing then.
 */
public final class BaselineShapes {
  private final PlaceTotals places;
  private final long reachable;

  private BaselineShapes(PlaceTotals places, long reachable) {
    this.places = places;
    this.reachable = reachable;
  }

  static BaselineShapes of(ShapeTotals totals) {
    return new BaselineShapes(totals.places(), totals.reachable());
  }

  long count(long place) {
    return places.count(place);
  }

  long retained(long place) {
    return places.retained(place);
  }

  long reachable() {
    return reachable;
  }
}
