package io.heapcapture.corpus.jvm.pluginhost;

import java.net.URL;
import java.net.URLClassLoader;

/**
 * Loads one deployment of a plugin, child-first for the plugin's own package (as servlet containers
 * load a webapp), parent-first for the host's API.
 */
public final class PluginClassLoader extends URLClassLoader {
  static {
    registerAsParallelCapable();
  }

  private final String pluginPackage;
  private final String deploymentId;

  PluginClassLoader(String deploymentId, URL[] urls, ClassLoader parent, String pluginPackage) {
    super("plugin-" + deploymentId, urls, parent);
    this.deploymentId = deploymentId;
    this.pluginPackage = pluginPackage;
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (!name.startsWith(pluginPackage)) {
      return super.loadClass(name, resolve);
    }
    synchronized (getClassLoadingLock(name)) {
      Class<?> c = findLoadedClass(name);
      if (c == null) {
        c = findClass(name);
      }
      if (resolve) {
        resolveClass(c);
      }
      return c;
    }
  }

  @Override
  public String toString() {
    return "PluginClassLoader[" + deploymentId + "]";
  }
}
