package io.heapcapture.analyzer.report;

import java.util.List;

/**
 * A likely leak, with the one sentence a person needs.
 *
 * @param rank 1 for the most likely
 * @param confidence {@code high} when it grew since the baseline by enough of the heap and of its
 *     own size to call it a leak; {@code low} otherwise, and always without a baseline (then it is
 *     only large)
 * @param className the class that accumulates: the application's class found below the collections
 *     that hold it, else the class of what accumulates
 * @param instances how many objects of {@code className} it holds now
 * @param instancesGrowth how many more than in the baseline (0 without a baseline)
 * @param collectionClass the class of the objects they accumulate in (the list, map or queue)
 * @param collections how many such objects: more than one when the same structure repeats (one per
 *     thread, per session, ...)
 * @param holder the reference that holds the collection: the last field on the path that belongs to
 *     no collection, e.g. {@code static com.example.Cache.SESSIONS} or {@code
 *     com.example.OrderService.orders}; {@code a GC root} when a root holds it directly
 * @param otherHolders other references that hold the same objects, read the same way, when other
 *     collections share them (a registry's two maps; an event bus and a close hook)
 * @param retainedBytes what the accumulation point retains now
 * @param heapShare retained bytes as a share of the reachable heap, 0..1
 * @param growthBytes how much that grew since the baseline (0 without a baseline)
 * @param path the path from a GC root to the accumulation point, as text, array slots as {@code
 *     [*]}
 * @param sentence all of the above in one sentence
 */
public record LeakSuspect(
    int rank,
    String confidence,
    String className,
    long instances,
    long instancesGrowth,
    String collectionClass,
    long collections,
    String holder,
    List<String> otherHolders,
    long retainedBytes,
    double heapShare,
    long growthBytes,
    String path,
    String sentence) {
  public static final String HIGH = "high";
  public static final String LOW = "low";

  public LeakSuspect {
    otherHolders = otherHolders == null ? List.of() : List.copyOf(otherHolders);
  }

  /** The same suspect at another rank. */
  public LeakSuspect withRank(int newRank) {
    return new LeakSuspect(
        newRank,
        confidence,
        className,
        instances,
        instancesGrowth,
        collectionClass,
        collections,
        holder,
        otherHolders,
        retainedBytes,
        heapShare,
        growthBytes,
        path,
        sentence);
  }
}
