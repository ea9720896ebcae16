package io.anbefal.http.sannsyn;

import io.helidon.config.Config;
import io.helidon.http.encoding.ContentDecoder;
import io.helidon.http.encoding.ContentEncoder;
import io.helidon.http.encoding.ContentEncoding;
import io.helidon.http.encoding.spi.ContentEncodingProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Lets the server read request bodies sent with {@code Content-Encoding: gzip} (a gzipped dataset upload); without
 * a decoder Helidon answers such requests 400. Decoding only: responses are never compressed by it. Helidon's own
 * gzip module is not published on Maven Central for Helidon 4.5.0, so this small provider (the JDK's gzip) stands in.
 * Registered in {@code META-INF/services/io.helidon.http.encoding.spi.ContentEncodingProvider}.
 */
public final class GzipDecoding implements ContentEncodingProvider {

    @Override
    public String configKey() {
        return "gzip";
    }

    @Override
    public ContentEncoding create(Config config, String name) {
        return new Encoding(name);
    }

    /** Creates the encoding without configuration (the service loader's way). */
    public ContentEncoding create() {
        return new Encoding("gzip");
    }

    private record Encoding(String name) implements ContentEncoding {
        @Override
        public String type() {
            return "gzip";
        }

        @Override
        public Set<String> ids() {
            return Set.of("gzip", "x-gzip");
        }

        @Override
        public boolean supportsEncoding() {
            return false;
        }

        @Override
        public boolean supportsDecoding() {
            return true;
        }

        @Override
        public ContentDecoder decoder() {
            return in -> {
                try {
                    return new GZIPInputStream(in, 1 << 16);
                } catch (IOException e) {
                    throw new UncheckedIOException("The body is not gzip data", e);
                }
            };
        }

        @Override
        public ContentEncoder encoder() {
            return ContentEncoder.NO_OP;
        }
    }
}
