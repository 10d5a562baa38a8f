package io.heapcapture.analyzer.testing;

import java.io.IOException;
import java.io.InputStream;

/** Defines its own copy of {@link Payload}, so that two classes of that name exist. */
public class IsolatingLoader extends ClassLoader {
  private static final String PAYLOAD = Payload.class.getName();

  public IsolatingLoader() {
    super(IsolatingLoader.class.getClassLoader());
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    synchronized (getClassLoadingLock(name)) {
      if (!name.equals(PAYLOAD)) {
        return super.loadClass(name, resolve);
      }
      Class<?> loaded = findLoadedClass(name);
      if (loaded != null) {
        return loaded;
      }
      try (InputStream in = Payload.class.getResourceAsStream("Payload.class")) {
        byte[] bytes = in.readAllBytes();
        return defineClass(name, bytes, 0, bytes.length);
      } catch (IOException e) {
        throw new ClassNotFoundException(name, e);
      }
    }
  }

  /** A second loader class, so that each copy of Payload has a loader of a different name. */
  public static final class Other extends IsolatingLoader {}
}
