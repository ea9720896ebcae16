package io.anbefal.ops;

import io.anbefal.AnbefalServer;
import io.anbefal.http.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Helidon's access log in the common log format: on with the setting, off by default. */
class AccessLogTest {

    @TempDir
    Path dir;

    private static final Logger ACCESS = Logger.getLogger("io.helidon.webserver.AccessLog");

    private static List<String> capture(Runnable run) {
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                lines.add(r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Level was = ACCESS.getLevel();
        ACCESS.setLevel(Level.INFO);
        ACCESS.addHandler(h);
        try {
            run.run();
        } finally {
            ACCESS.removeHandler(h);
            ACCESS.setLevel(was);
        }
        return lines;
    }

    @Test
    void commonLogFormatWhenOn() {
        AnbefalServer.Settings s = AnbefalServer.Settings.forTest(dir);
        AnbefalServer.Settings on = new AnbefalServer.Settings(s.host(), s.port(), s.shopPort(), dir, s.maxBodyBytes(),
                false, s.snapshotEvery(), true);
        List<String> lines = capture(() -> {
            try (TestServer server = new TestServer(on)) {
                assertEquals(200, server.send(server.request("/health").GET().build()).status());
                assertEquals(404, server.send(server.request("/nothing").GET().build()).status());
            }
        });
        assertTrue(lines.stream().anyMatch(l -> l.matches("\\S+ - \\S+ \\[[^]]+] \"GET /health HTTP/1\\.1\" 200 \\d+")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.matches("\\S+ - \\S+ \\[[^]]+] \"GET /nothing HTTP/1\\.1\" 404 \\d+")), lines.toString());
    }

    @Test
    void offByDefault() {
        List<String> lines = capture(() -> {
            try (TestServer server = new TestServer(dir)) {
                assertEquals(200, server.send(server.request("/health").GET().build()).status());
            }
        });
        assertEquals(List.of(), lines);
    }
}
