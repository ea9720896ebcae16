package io.anbefal.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bin/anbefal serve} on a port that is taken exits non-zero with a message naming the port, instead of
 * logging "failed to start" and running on without a listener. The real launcher, in a child JVM.
 */
class ServePortTakenTest {

    @TempDir
    Path data;

    private Process serve(String... ports) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "io.anbefal.Main", "serve", "--host", "127.0.0.1", "--data", data.toString()));
        command.addAll(List.of(ports));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static void exitsWithAMessageNaming(Process child, int port) throws Exception {
        try {
            assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the server exits when it cannot listen");
            String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertNotEquals(0, child.exitValue(), output);
            assertTrue(output.contains("cannot listen on 127.0.0.1:" + port), output);
            assertTrue(output.contains("port " + port), output);
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void aTakenApiPortIsANonZeroExitNamingThePort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            exitsWithAMessageNaming(serve("--port", String.valueOf(port), "--no-demo"), port);
        }
    }

    @Test
    void aTakenShopPortIsANonZeroExitToo() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            exitsWithAMessageNaming(serve("--port", "0", "--shop-port", String.valueOf(port)), port);
        }
    }
}
