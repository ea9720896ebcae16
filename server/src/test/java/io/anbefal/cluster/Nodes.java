package io.anbefal.cluster;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Child JVMs running {@code io.anbefal.Main} (as {@code bin/anbefal} does), and waiting for a condition. */
final class Nodes {

    private static final Pattern LISTENING = Pattern.compile("listening on http://localhost:(\\d+)/");
    /** How long a condition may take before the test gives up: a safety net, not a timing assertion. */
    static final long PATIENCE_MS = 60_000;

    private Nodes() {
    }

    /** A process builder for {@code io.anbefal.Main ARGS} in a JVM with this test's class path. */
    static ProcessBuilder javaMain(String... args) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "io.anbefal.Main"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    /** A server ({@code serve ARGS}) in a child JVM, once it listens; its output is drained. */
    record Child(Process process, int port) implements AutoCloseable {
        static Child serve(String... args) throws Exception {
            List<String> all = new ArrayList<>(List.of("serve", "--host", "127.0.0.1", "--port", "0", "--no-demo"));
            all.addAll(List.of(args));
            Process p = javaMain(all.toArray(String[]::new)).redirectErrorStream(true).start();
            return new Child(p, awaitPort(p));
        }

        String url(String path) {
            return "http://127.0.0.1:" + port + path;
        }

        /** SIGKILL: no shutdown hook, no close. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor();
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    kill();
                }
            }
        }
    }

    private static int awaitPort(Process child) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = out.readLine()) != null) {
            seen.append(line).append('\n');
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                Thread.ofPlatform().daemon().start(() -> {
                    try {
                        String l;
                        while ((l = out.readLine()) != null) {
                            if (System.getenv("ANBEFAL_TEST_CHILD_LOG") != null) {
                                System.err.println("[child " + child.pid() + "] " + l);
                            }
                        }
                    } catch (Exception ignored) {
                        // the child is gone
                    }
                });
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("The child server did not start:\n" + seen);
    }

    /** Waits until {@code condition} holds; fails after {@link #PATIENCE_MS}. */
    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE_MS * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Gave up waiting: " + what);
            }
            Thread.sleep(10);
        }
    }
}
