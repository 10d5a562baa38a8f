package io.heapcapture.corpus.jvm.pluginhost;

import io.heapcapture.corpus.jvm.HeapDumps;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A reporting server that hot-redeploys its report plugin: the plugin's classes are written to a
 * deployment directory and each redeploy loads them with a fresh {@link PluginClassLoader}, starts
 * the new plugin and stops the old one. Report requests run on a pool against the current plugin.
 *
 * <p><b>Leak:</b> a class-loader leak. On start the plugin registers its {@code ReportingDriver} in
 * the host's static {@code DriverRegistry.registeredDrivers} and never deregisters it on stop, so
 * every old deployment's class loader stays reachable, with its classes and their statics (the
 * plugin's template cache, about 1 MiB per deployment). <b>Trap:</b> the {@code TenantDirectory}
 * (4,000 tenants with branding assets, about 50 MiB) is bigger and stable; the growth is spread
 * over many classes of the same name, one set per loader. <b>Expected diagnosis:</b> {@code
 * PluginClassLoader} instances accumulate, held by {@code DriverRegistry.registeredDrivers} (a
 * driver's class pins its loader): the loader, not the driver object, is what leaks, and the
 * registry is the field to fix.
 */
public final class ReportingServer {
  static final String PLUGIN_PACKAGE = "io.heapcapture.corpus.jvm.pluginhost.plugin.";
  private static final List<String> PLUGIN_CLASSES =
      List.of("ReportingPlugin", "ReportingDriver", "ReportTemplateCache");

  private final Path deployDir;
  private final PluginContext baseContext;
  private final AtomicReference<Plugin> current = new AtomicReference<>();
  private final AtomicInteger deployments = new AtomicInteger();

  ReportingServer(Path deployDir, TenantDirectory tenants) {
    this.deployDir = deployDir;
    this.baseContext = new PluginContext("none", tenants);
  }

  /** Writes the plugin's class files into the deployment directory, as an upload would. */
  static Path stagePlugin() throws IOException {
    Path dir = Files.createTempDirectory("reporting-plugin-");
    Path pkg = dir.resolve(PLUGIN_PACKAGE.replace('.', '/'));
    Files.createDirectories(pkg);
    for (String name : PLUGIN_CLASSES) {
      String resource = "/" + (PLUGIN_PACKAGE + name).replace('.', '/') + ".class";
      try (InputStream in = ReportingServer.class.getResourceAsStream(resource)) {
        Files.write(pkg.resolve(name + ".class"), in.readAllBytes());
      }
    }
    return dir;
  }

  void redeploy() throws Exception {
    String id = "d" + deployments.incrementAndGet();
    PluginClassLoader loader =
        new PluginClassLoader(
            id,
            new java.net.URL[] {deployDir.toUri().toURL()},
            ReportingServer.class.getClassLoader(),
            PLUGIN_PACKAGE);
    Plugin plugin =
        (Plugin)
            loader
                .loadClass(PLUGIN_PACKAGE + "ReportingPlugin")
                .getDeclaredConstructor()
                .newInstance();
    plugin.start(new PluginContext(id, baseContext.tenants()));
    Plugin old = current.getAndSet(plugin);
    if (old != null) {
      old.stop();
    }
  }

  public static void main(String[] args) throws Exception {
    Path dir = stagePlugin();
    ReportingServer server = new ReportingServer(dir, new TenantDirectory(4_000));
    server.redeploy();
    ScheduledExecutorService deployer =
        Executors.newSingleThreadScheduledExecutor(HeapDumps.named("hot-deployer"));
    ExecutorService requests = Executors.newFixedThreadPool(2, HeapDumps.named("report-worker"));
    ScheduledExecutorService load =
        Executors.newSingleThreadScheduledExecutor(HeapDumps.named("report-load"));
    // a redeploy every 100 ms, as a CI pipeline hammering a staging server would
    deployer.scheduleWithFixedDelay(
        () -> {
          try {
            server.redeploy();
          } catch (Exception e) {
            e.printStackTrace();
          }
        },
        100,
        100,
        TimeUnit.MILLISECONDS);
    load.scheduleAtFixedRate(
        () -> {
          for (int i = 0; i < 20; i++) {
            requests.execute(
                () ->
                    server
                        .current
                        .get()
                        .render("revenue", ThreadLocalRandom.current().nextInt(4_000)));
          }
        },
        0,
        10,
        TimeUnit.MILLISECONDS);
    HeapDumps.pause(1_500);
    System.out.println(
        "deployments at baseline: "
            + server.deployments.get()
            + ", drivers "
            + DriverRegistry.size());
    HeapDumps.dump(args[0]);
    HeapDumps.pause(5_000);
    System.out.println(
        "deployments later: " + server.deployments.get() + ", drivers " + DriverRegistry.size());
    HeapDumps.dump(args[1]);
    System.out.println("done");
    HeapDumps.shutdown(deployer, load, requests);
    server.current.get().stop();
    try (var files = Files.walk(dir)) {
      files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
    }
  }
}
