package dev.gatehouse.deploy;

import io.fabric8.kubernetes.api.model.KubernetesResource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Fields the fabric8 model does not know, at any depth of a parsed object. The model keeps them in
 * {@code additionalProperties} instead of failing, and so would a lenient apply: a misspelt {@code
 * readinesProbe} or {@code runAsNonroot} is silently no probe and no constraint.
 */
final class UnknownFields {

  private UnknownFields() {}

  /** Paths such as {@code spec.template.spec.containers[0].readinesProbe}. */
  static List<String> in(KubernetesResource resource) {
    List<String> found = new ArrayList<>();
    walk("", resource, found);
    return found;
  }

  private static void walk(String path, Object node, List<String> found) {
    if (node instanceof Collection<?> items) {
      int index = 0;
      for (Object item : items) {
        walk(path + "[" + index++ + "]", item, found);
      }
      return;
    }
    if (node instanceof Map<?, ?> map) {
      map.forEach((key, value) -> walk(path + "[" + key + "]", value, found));
      return;
    }
    if (!(node instanceof KubernetesResource)) {
      return;
    }
    for (Method getter : node.getClass().getMethods()) {
      if (!isPropertyGetter(getter)) {
        continue;
      }
      Object value = invoke(getter, node);
      if (value == null) {
        continue;
      }
      if (getter.getName().equals("getAdditionalProperties")) {
        ((Map<?, ?>) value).keySet().forEach(key -> found.add(join(path, key.toString())));
      } else {
        walk(join(path, property(getter)), value, found);
      }
    }
  }

  private static boolean isPropertyGetter(Method method) {
    return method.getName().startsWith("get")
        && method.getParameterCount() == 0
        && !Modifier.isStatic(method.getModifiers())
        && method.getDeclaringClass().getName().startsWith("io.fabric8.kubernetes.api.model");
  }

  private static Object invoke(Method getter, Object target) {
    try {
      return getter.invoke(target);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read " + getter, e);
    }
  }

  private static String property(Method getter) {
    String name = getter.getName().substring(3);
    return Character.toLowerCase(name.charAt(0)) + name.substring(1);
  }

  private static String join(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }
}
