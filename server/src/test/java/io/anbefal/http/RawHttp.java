package io.anbefal.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a raw socket, for requests no well-behaved client would send: the bytes go out as given, and the
 * answers are parsed from what comes back (by {@code Content-Length}; none for {@code HEAD}).
 */
public final class RawHttp {

    private RawHttp() {
    }

    /** One answer: status, headers (lower-case names), body. */
    public record Answer(int status, Map<String, String> headers, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        @Override
        public String toString() {
            return status + " " + headers + " " + text();
        }
    }

    /**
     * What a connection brought back: the answers in order, bytes that did not parse as an answer, and whether
     * the server closed the connection (rather than the read timing out).
     */
    public record Exchange(List<Answer> answers, byte[] rest, boolean closedByServer) {
        public Answer only() {
            if (answers.size() != 1 || rest.length > 0) {
                throw new AssertionError("expected one answer, got " + answers + " and " + rest.length
                        + " more bytes: " + new String(rest, StandardCharsets.ISO_8859_1));
            }
            return answers.get(0);
        }
    }

    /** Text as ISO-8859-1 bytes: each char one byte, so any byte can be written in a Java string. */
    public static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * Sends {@code request}, then (if {@code halfClose}) closes the sending side, and reads until the server closes
     * or {@code timeoutMillis} pass without a byte.
     *
     * @param heads for each answer expected, whether its request was a HEAD (no body follows its headers)
     */
    public static Exchange exchange(int port, byte[] request, boolean halfClose, int timeoutMillis, boolean... heads) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(timeoutMillis);
            // written beside the reading, so that a server that answers without reading the whole request (a head
            // over its limit) cannot block the write forever: the read times out and the socket closes
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    socket.getOutputStream().write(request);
                    socket.getOutputStream().flush();
                    if (halfClose) {
                        socket.shutdownOutput();
                    }
                } catch (IOException e) {
                    // the server answered and closed before taking the whole request: read what it said
                }
            });
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            boolean closed = false;
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            try {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    all.write(buffer, 0, n);
                }
                closed = true;
            } catch (SocketTimeoutException e) {
                closed = false;
            } catch (IOException e) {
                closed = true; // a reset: the server is gone from this connection
            }
            socket.close();
            try {
                writer.join(timeoutMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return parse(all.toByteArray(), closed, heads);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Exchange parse(byte[] data, boolean closed, boolean... heads) {
        List<Answer> answers = new ArrayList<>();
        int at = 0;
        int finals = 0;
        while (at < data.length) {
            int end = indexOf(data, at);
            if (end < 0) {
                break;
            }
            String[] lines = new String(data, at, end - at, StandardCharsets.ISO_8859_1).split("\r\n");
            String[] statusLine = lines[0].split(" ", 3);
            if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/1.")) {
                break;
            }
            int status;
            try {
                status = Integer.parseInt(statusLine[1]);
            } catch (NumberFormatException e) {
                break;
            }
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            lines[i].substring(colon + 1).trim());
                }
            }
            int bodyStart = end + 4;
            boolean interim = status < 200;
            boolean head = finals < heads.length && heads[finals];
            if (!interim) {
                finals++;
            }
            int length = 0;
            if (!head && !interim && headers.containsKey("content-length")) {
                length = Integer.parseInt(headers.get("content-length"));
            }
            if (bodyStart + length > data.length) {
                break;
            }
            byte[] body = new byte[length];
            System.arraycopy(data, bodyStart, body, 0, length);
            answers.add(new Answer(status, headers, body));
            at = bodyStart + length;
        }
        byte[] rest = new byte[data.length - at];
        System.arraycopy(data, at, rest, 0, rest.length);
        return new Exchange(answers, rest, closed);
    }

    private static int indexOf(byte[] data, int from) {
        for (int i = from; i + 3 < data.length; i++) {
            if (data[i] == '\r' && data[i + 1] == '\n' && data[i + 2] == '\r' && data[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
