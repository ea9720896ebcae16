package io.anbefal.kibo;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Kibo's {@code merchModel}, "the checkpoint id of the MerchModel for which this response is generated", as
 * {@code RULES:MODEL} in the shape of Kibo's example ({@code 185317b0...0fff:1402609439388}): RULES is the SHA-256
 * (hex) of the site's settings that decide what is answered (its widgets, page templates, routing and rules, and
 * its recommender instances: every setting under {@link #PREFIXES}, sorted by key), MODEL the number of events the
 * site's model has learnt. Two answers with the same merchModel came from the same rules over the same model;
 * a changed setting or a new event changes it. Settings outside the prefixes (credentials among them) never enter.
 */
final class MerchModel {

    /** The settings that shape an answer. */
    static final List<String> PREFIXES = List.of("kibo.", "recommender.", "rules.");

    private MerchModel() {
    }

    static String of(Map<String, String> settings, long events) {
        Map<String, String> sorted = new TreeMap<>();
        settings.forEach((k, v) -> {
            if (PREFIXES.stream().anyMatch(k::startsWith)) {
                sorted.put(k, v);
            }
        });
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        sorted.forEach((k, v) -> {
            sha.update(k.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(v.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
        });
        return HexFormat.of().formatHex(sha.digest()) + ":" + events;
    }
}
