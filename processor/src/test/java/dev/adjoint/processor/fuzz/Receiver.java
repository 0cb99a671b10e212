package dev.adjoint.processor.fuzz;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * The object a generated instance method runs on: one per loaded class, made by the class's
 * no-arg constructor. Its fields are final and hold fixed values, so one object serves every
 * call, on every thread. The generated {@code _Grad} methods of an instance method take it as
 * their first argument.
 */
final class Receiver {
  private Receiver() {}

  private static final ClassValue<Object> INSTANCES =
      new ClassValue<>() {
        @Override
        protected Object computeValue(Class<?> cls) {
          try {
            Constructor<?> c = cls.getDeclaredConstructor();
            c.setAccessible(true);
            return c.newInstance();
          } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make a receiver of " + cls.getName(), e);
          }
        }
      };

  /** The object {@code m} is called on: null when it is static. */
  static Object of(Method m) {
    return Modifier.isStatic(m.getModifiers()) ? null : INSTANCES.get(m.getDeclaringClass());
  }

  /** {@code m} called on its receiver, if it has one. */
  static Object invoke(Method m, Object... args) throws InvocationTargetException, IllegalAccessException {
    return m.invoke(of(m), args);
  }

  /** The arguments of a generated method: {@code receiver} first, unless it is null. */
  static Object[] first(Object receiver, Object[] args) {
    if (receiver == null) {
      return args;
    }
    Object[] out = new Object[args.length + 1];
    out[0] = receiver;
    System.arraycopy(args, 0, out, 1, args.length);
    return out;
  }
}
