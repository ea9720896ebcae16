package io.anbefal.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;

/**
 * A small closed-loop HTTP/1.1 load generator for loopback benchmarks: each connection is kept alive and sends
 * its next request as soon as the previous answer is read. It measures throughput and latency of complete answers
 * and counts answers that were not 200. Bounded in time; it stops by itself.
 */
public final class LoadGenerator {

    /**
     * What one scenario measured.
     *
     * @param name      scenario
     * @param requests  completed requests in the measured window
     * @param errors    answers that were not 200, or broken connections
     * @param seconds   length of the measured window
     * @param p50Micros median latency
     * @param p99Micros 99th percentile latency
     * @param cpuNanos  CPU time this process (the server and the generator in one JVM) spent in the measured
     *                  window, or -1 where the JVM does not tell
     */
    public record Result(String name, long requests, long errors, double seconds, long p50Micros, long p99Micros,
                         long cpuNanos) {
        public Result(String name, long requests, long errors, double seconds, long p50Micros, long p99Micros) {
            this(name, requests, errors, seconds, p50Micros, p99Micros, -1);
        }

        public double perSecond() {
            return requests / seconds;
        }

        /**
         * CPU microseconds per request: what a request costs whatever else the machine runs (others' load slows
         * the requests down, not their CPU time), or NaN when unknown.
         */
        public double cpuMicrosPerRequest() {
            return cpuNanos < 0 || requests == 0 ? Double.NaN : cpuNanos / 1000.0 / requests;
        }
    }

    /** This process's CPU time in nanoseconds, or -1. */
    private static long processCpuNanos() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : -1;
    }

    private final String host;
    private final int port;

    public LoadGenerator(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /**
     * Runs {@code connections} connections for a warm-up and then a measured window.
     *
     * @param request request bytes for the i-th request of a connection (the function is called per request)
     */
    public Result run(String name, int connections, double warmupSeconds, double seconds, IntFunction<byte[]> request)
            throws InterruptedException {
        AtomicBoolean measuring = new AtomicBoolean(false);
        AtomicBoolean stop = new AtomicBoolean(false);
        long[][] latencies = new long[connections][];
        int[] counts = new int[connections];
        long[] errors = new long[connections];
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            int conn = c;
            latencies[c] = new long[1 << 16];
            threads.add(Thread.ofPlatform().name("load-" + c).start(() -> {
                try (Socket socket = new Socket(host, port)) {
                    socket.setTcpNoDelay(true);
                    OutputStream out = socket.getOutputStream();
                    InputStream in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
                    int i = conn * 1_000_003;
                    while (!stop.get()) {
                        byte[] bytes = request.apply(i++);
                        long t0 = System.nanoTime();
                        out.write(bytes);
                        out.flush();
                        int status = readResponse(in);
                        long micros = (System.nanoTime() - t0) / 1000;
                        if (measuring.get()) {
                            if (status != 200) {
                                errors[conn]++;
                            }
                            if (counts[conn] == latencies[conn].length) {
                                latencies[conn] = Arrays.copyOf(latencies[conn], counts[conn] * 2);
                            }
                            latencies[conn][counts[conn]++] = micros;
                        }
                    }
                } catch (IOException e) {
                    errors[conn]++;
                }
            }));
        }
        Thread.sleep((long) (warmupSeconds * 1000));
        measuring.set(true);
        long cpu0 = processCpuNanos();
        long start = System.nanoTime();
        Thread.sleep((long) (seconds * 1000));
        measuring.set(false);
        double elapsed = (System.nanoTime() - start) / 1e9;
        long cpu1 = processCpuNanos();
        stop.set(true);
        for (Thread t : threads) {
            t.join(10_000);
        }
        int total = 0;
        for (int n : counts) {
            total += n;
        }
        long[] all = new long[total];
        int at = 0;
        long errorCount = 0;
        for (int c = 0; c < connections; c++) {
            System.arraycopy(latencies[c], 0, all, at, counts[c]);
            at += counts[c];
            errorCount += errors[c];
        }
        Arrays.sort(all);
        long p50 = total == 0 ? 0 : all[total / 2];
        long p99 = total == 0 ? 0 : all[Math.min(total - 1, (int) (total * 0.99))];
        return new Result(name, total, errorCount, elapsed, p50, p99, cpu0 < 0 || cpu1 < 0 ? -1 : cpu1 - cpu0);
    }

    /** Builds a request with Content-Length and keep-alive. */
    public static byte[] request(String method, String path, String authorization, String body) {
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        String head = method + " " + path + " HTTP/1.1\r\nHost: localhost\r\n"
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                + (body == null ? "" : "Content-Type: application/json\r\n")
                + "Content-Length: " + content.length + "\r\n\r\n";
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = Arrays.copyOf(h, h.length + content.length);
        System.arraycopy(content, 0, all, h.length, content.length);
        return all;
    }

    /** Reads one response (status line, headers, Content-Length body); returns its status. */
    private static int readResponse(InputStream in) throws IOException {
        String statusLine = line(in);
        int status = Integer.parseInt(statusLine.substring(9, 12));
        int length = 0;
        String header;
        while (!(header = line(in)).isEmpty()) {
            if (header.regionMatches(true, 0, "content-length:", 0, 15)) {
                length = Integer.parseInt(header.substring(15).trim());
            }
        }
        in.skipNBytes(length);
        return status;
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder(64);
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("connection closed");
            }
            if (b != '\r') {
                sb.append((char) b);
            }
        }
        return sb.toString();
    }
}
