package dev.couponfetch.internal.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * json-path's default provider is json-smart; ours sets Jackson providers explicitly, so a
 * deployment may exclude json-smart. Proven by running the mapper in a class loader that refuses
 * every {@code net.minidev} class.
 */
class MappingWithoutJsonSmartTest {
  @Test
  void map_jsonPathWithoutJsonSmartOnClasspath_works() throws Exception {
    HidingLoader loader = new HidingLoader(getClass().getClassLoader(), "net.minidev.");
    Class<?> mappingConfig = loader.loadClass("dev.couponfetch.MappingConfig");
    Class<?> couponType = loader.loadClass("dev.couponfetch.CouponType");
    Class<?> compiled = loader.loadClass(CompiledMapper.class.getName());
    assertThat(compiled.getClassLoader()).isSameAs(loader);

    List<String> results = new ArrayList<>();
    for (String path : List.of("$[0].data.coupon", "$[?(@.data.coupon != 'Y')].data.coupon")) {
      Object mapping = mappingConfig.getMethod("code", String.class).invoke(null, path);
      Object single = couponType.getField("SINGLE").get(null);
      List<String> problems = new ArrayList<>();
      Object mapper =
          compiled
              .getMethod("compile", mappingConfig, couponType, List.class)
              .invoke(null, mapping, single, problems);
      assertThat(problems).isEmpty();
      Method map = mapper.getClass().getMethod("map", byte[].class, Charset.class);
      byte[] body = "[{\"data\":{\"coupon\":\"X\"}}]".getBytes(StandardCharsets.UTF_8);
      results.add(String.valueOf(map.invoke(mapper, body, StandardCharsets.UTF_8)));
    }

    assertThat(results).allMatch(r -> r.contains("code=X"));
    assertThat(loader.refused).isEmpty();
  }

  /** Loads everything itself (child-first), except the JDK and the hidden packages. */
  private static final class HidingLoader extends ClassLoader {
    private final ClassLoader source;
    private final String hidden;
    final Set<String> refused = ConcurrentHashMap.newKeySet();

    HidingLoader(ClassLoader source, String hidden) {
      super(ClassLoader.getPlatformClassLoader());
      this.source = source;
      this.hidden = hidden;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      if (name.startsWith(hidden)) {
        refused.add(name);
        throw new ClassNotFoundException(name);
      }
      try (InputStream in = source.getResourceAsStream(name.replace('.', '/') + ".class")) {
        if (in == null) {
          throw new ClassNotFoundException(name);
        }
        byte[] bytes = in.readAllBytes();
        return defineClass(name, bytes, 0, bytes.length);
      } catch (IOException e) {
        throw new ClassNotFoundException(name, e);
      }
    }

    @Override
    protected URL findResource(String name) {
      return name.startsWith(hidden.replace('.', '/')) ? null : source.getResource(name);
    }

    @Override
    protected Enumeration<URL> findResources(String name) throws IOException {
      return source.getResources(name);
    }
  }
}
