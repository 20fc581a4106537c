package io.sluice.infra;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The class path of the running JVM as a list of files, to start a child JVM (the Kafka broker) from
 * the same artifacts Maven resolved for the tests or the local run.
 */
final class JavaClassPath {

    private JavaClassPath() {
    }

    static List<Path> current() {
        Set<Path> entries = new LinkedHashSet<>(fromJavaClassPath(System.getProperty("java.class.path", "")));
        // exec:java and similar launchers run us in a URLClassLoader below an unrelated java.class.path.
        for (ClassLoader loader = JavaClassPath.class.getClassLoader(); loader != null; loader = loader.getParent()) {
            if (loader instanceof URLClassLoader) {
                for (URL url : ((URLClassLoader) loader).getURLs()) {
                    toPath(url.toString(), null).ifPresent(entries::add);
                }
            }
        }
        // The child's main class and logging backend are ours; make sure this library is there.
        codeSource(JavaClassPath.class).ifPresent(entries::add);
        return List.copyOf(entries);
    }

    private static Optional<Path> codeSource(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        return source == null || source.getLocation() == null ? Optional.empty()
                : toPath(source.getLocation().toString(), null);
    }

    /** Expands a single jar (a surefire/failsafe booter) whose manifest Class-Path holds the real class path. */
    static List<Path> fromJavaClassPath(String javaClassPath) {
        List<Path> entries = new ArrayList<>();
        for (String element : javaClassPath.split(File.pathSeparator)) {
            if (!element.isBlank()) {
                entries.add(Path.of(element).toAbsolutePath());
            }
        }
        if (entries.size() == 1 && isJar(entries.get(0))) {
            // The jar itself stays: for `java -jar app.jar` it holds classes too; for a booter it does no harm.
            entries.addAll(manifestClassPath(entries.get(0)));
        }
        return entries;
    }

    private static boolean isJar(Path path) {
        return Files.isRegularFile(path) && path.getFileName().toString().endsWith(".jar");
    }

    static List<Path> manifestClassPath(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            String classPath = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
            List<Path> entries = new ArrayList<>();
            if (classPath != null) {
                for (String url : classPath.trim().split("\\s+")) {
                    toPath(url, jar.toUri()).ifPresent(entries::add);
                }
            }
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the manifest of " + jar, e);
        }
    }

    private static Optional<Path> toPath(String url, URI base) {
        try {
            URI uri = base == null ? new URI(url) : base.resolve(new URI(url));
            return "file".equals(uri.getScheme()) ? Optional.of(Path.of(uri)) : Optional.empty();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static String join(List<Path> entries) {
        return String.join(File.pathSeparator, entries.stream().map(Path::toString).toList());
    }
}
