package io.sluice.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaClassPathTest {

    @TempDir
    Path dir;

    @Test
    void aPlainClassPathIsTakenAsItIs() {
        String classPath = dir.resolve("a.jar") + File.pathSeparator + dir.resolve("classes");

        assertThat(JavaClassPath.fromJavaClassPath(classPath))
                .containsExactly(dir.resolve("a.jar"), dir.resolve("classes"));
    }

    @Test
    void aBooterJarIsExpandedToItsManifestClassPath() throws IOException {
        Path booter = dir.resolve("surefirebooter123.jar");
        Path withSpace = dir.resolve("m2 repo/kafka_2.13-4.1.1.jar");
        Path classes = dir.resolve("target/classes");
        writeJar(booter, withSpace.toUri() + " " + classes.toUri() + " relative.jar");

        assertThat(JavaClassPath.fromJavaClassPath(booter.toString()))
                .containsExactly(booter, withSpace, classes, dir.resolve("relative.jar"));
    }

    @Test
    void theRunningJvmsClassPathContainsKafka() {
        assertThat(JavaClassPath.current())
                .anySatisfy(entry -> assertThat(entry.getFileName().toString()).startsWith("kafka_2.13"));
    }

    private static void writeJar(Path jar, String classPath) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
        try (OutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.flush();
        }
    }
}
