package io.heapcapture.analyzer.testing;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.List;

/**
 * A leaking JVM for tests: each number read from stdin adds that many chocolates, each with its
 * sugar, to a static box that is never emptied.
 */
public final class ChocolateFactory {
  static final List<Chocolate> BOX = new ArrayList<>();

  private ChocolateFactory() {}

  /** One chocolate and its sugar. */
  static final class Chocolate {
    final int[] sugar;

    Chocolate(int grains) {
      sugar = new int[grains];
    }
  }

  public static void main(String[] args) throws Exception {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
    System.out.println("ready");
    System.out.flush();
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      int count = Integer.parseInt(line.strip());
      for (int i = 0; i < count; i++) {
        BOX.add(new Chocolate(256));
      }
      System.out.println("box " + BOX.size());
      System.out.flush();
    }
  }
}
