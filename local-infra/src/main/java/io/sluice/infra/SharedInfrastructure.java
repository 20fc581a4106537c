package io.sluice.infra;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * One {@link LocalInfrastructure} per JVM for the tests. A static field alone is not enough: Quarkus loads
 * test code, and this library with it, in a class loader of its own per test profile. The servers are
 * therefore owned by this class as loaded by the system class loader, which every test JVM has and never
 * closes; other class loaders get a view that reaches the owner through JDK types only (see
 * {@link InfrastructureLink}).
 */
final class SharedInfrastructure {

    private static LocalInfrastructure owned;
    private static LocalInfrastructure view;

    private SharedInfrastructure() {
    }

    static synchronized LocalInfrastructure get(Path workDir, int kafkaPartitions) {
        ClassLoader system = ClassLoader.getSystemClassLoader();
        if (SharedInfrastructure.class.getClassLoader() == system) {
            return own(workDir, kafkaPartitions);
        }
        if (view == null) {
            Class<?> owner;
            try {
                owner = Class.forName(SharedInfrastructure.class.getName(), true, system);
            } catch (ClassNotFoundException notOnTheSystemClassPath) {
                // An unusual launcher: the best left is one infrastructure per class loader.
                return own(workDir, kafkaPartitions);
            }
            view = InfrastructureLink.attach(ownerControl(owner, workDir, kafkaPartitions));
        }
        return view;
    }

    @SuppressWarnings("unchecked")
    private static BiFunction<String, Object, Object> ownerControl(Class<?> owner, Path workDir, int partitions) {
        try {
            Method control = owner.getDeclaredMethod("control", Path.class, int.class);
            control.setAccessible(true);
            return (BiFunction<String, Object, Object>) control.invoke(null, workDir, partitions);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Could not reach the shared infrastructure", e);
        }
    }

    /** Called reflectively on the system class loader's copy of this class. */
    static BiFunction<String, Object, Object> control(Path workDir, int kafkaPartitions) {
        BiFunction<String, Object, Object> commands = InfrastructureLink.serve(
                inOwnClassLoader(() -> own(workDir, kafkaPartitions)));
        return (command, argument) -> inOwnClassLoader(() -> commands.apply(command, argument));
    }

    /**
     * Runs owner code with this class's loader as the context class loader: the caller's is a Quarkus
     * class loader, and libraries that load classes through it (Kafka clients do) would mix the copies.
     * Threads started meanwhile (GreenMail's, Kafka's) inherit it too.
     */
    private static <T> T inOwnClassLoader(Supplier<T> action) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(SharedInfrastructure.class.getClassLoader());
        try {
            return action.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static synchronized LocalInfrastructure own(Path workDir, int kafkaPartitions) {
        if (owned == null) {
            LocalInfrastructure started = LocalInfrastructure.start(workDir, kafkaPartitions);
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "stop-sluice-infra"));
            System.out.println("Sluice test infrastructure started in " + started.startTime().toMillis() + " ms: "
                    + started + " (work directory " + workDir + ")");
            owned = started;
        }
        return owned;
    }
}
