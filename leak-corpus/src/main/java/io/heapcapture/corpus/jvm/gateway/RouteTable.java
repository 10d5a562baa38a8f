package io.heapcapture.corpus.jvm.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The gateway's routes, compiled once from configuration. */
public final class RouteTable {
  private final List<Route> routes = new ArrayList<>();

  RouteTable(int services) {
    String[] resources = {"accounts", "statements", "payments", "cards", "limits", "documents"};
    for (int s = 0; s < services; s++) {
      for (String resource : resources) {
        String id = "svc" + s + "-" + resource;
        routes.add(
            new Route(
                id,
                Pattern.compile(
                    "^/api/v(1|2)/svc" + s + "/" + resource + "/(?<id>[0-9]{4,12})(/[a-z-]+)*$"),
                "http://" + id + ".internal:8080",
                List.of("read:" + resource, "svc" + s),
                1000 + s % 5 * 500));
      }
    }
  }

  Route match(String path) {
    int slash = path.indexOf('/', 8);
    String prefix = path.substring(0, slash + 1);
    for (Route r : routes) {
      if (r.pathPattern().pattern().startsWith("^/api/v(1|2)/" + prefix.substring(8))
          && r.pathPattern().matcher(path).matches()) {
        return r;
      }
    }
    return null;
  }

  Route route(int i) {
    return routes.get(Math.floorMod(i, routes.size()));
  }

  int size() {
    return routes.size();
  }
}
