package io.heapcapture.sidecar.trigger;

import io.heapcapture.sidecar.CaptureException;
import io.heapcapture.sidecar.dump.DiskBudget;
import java.nio.file.Path;

/**
 * Whether the dump volume has room for one more dump the sidecar would take by itself: the dumps
 * waiting for upload count against the budget, and the volume needs the free space.
 *
 * @param dir the dump volume as the sidecar sees it
 * @param budgetBytes the volume's size limit; 0 when only its free space limits it
 */
public record DumpRoom(Path dir, long budgetBytes) {
  /** Throws INSUFFICIENT_DISK when a dump of about {@code expectedBytes} must not start. */
  public void require(long pendingBytes, long expectedBytes) throws CaptureException {
    DiskBudget.requireWithin(budgetBytes, pendingBytes, expectedBytes);
    DiskBudget.require(dir, expectedBytes);
  }
}
