package io.anbefal.tenant;

import io.anbefal.store.ServiceAccount;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Signed customer ids for browsers: a service with the setting {@code crec.secret} is in signed mode (unless
 * {@code crec.require-signature=false}) and requires {@code sig = hex(HMAC-SHA256(secret, euid))} for a customer
 * id (the crec script's euid, Kibo's {@code sig}, Miso's {@code user_hash}), so that nobody can claim a customer's
 * history by editing an id in a page; see {@link io.anbefal.app.BrowserTrust}.
 */
public final class CustomerSignatures {

    /** The service setting holding the shared secret. */
    public static final String SECRET = "crec.secret";
    /** The service setting that can turn the requirement off while a secret is set (for a migration). */
    public static final String REQUIRE = "crec.require-signature";

    private CustomerSignatures() {
    }

    /** Whether the service requires signed customer ids from browsers. */
    public static boolean required(ServiceAccount service) {
        return required(service.settings());
    }

    /** Whether a service with these settings is in signed mode: {@code crec.secret} set, not switched off. */
    public static boolean required(java.util.Map<String, String> settings) {
        return settings.containsKey(SECRET) && !"false".equalsIgnoreCase(settings.getOrDefault(REQUIRE, "true"));
    }

    /** Whether a browser may link its visitor id to {@code euid}: signatures not required, or this one is right. */
    public static boolean accepted(ServiceAccount service, String euid, String signature) {
        if (!required(service)) {
            return true;
        }
        if (signature == null || signature.isEmpty()) {
            return false;
        }
        byte[] expected = HexFormat.of().formatHex(sign(service.settings().get(SECRET), euid)).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature.toLowerCase().getBytes(StandardCharsets.US_ASCII));
    }

    /** The signature a shop's server puts beside a customer id: lowercase hex of {@link #sign}. */
    public static String hex(String secret, String euid) {
        return HexFormat.of().formatHex(sign(secret, euid));
    }

    /** HMAC-SHA256 of the customer id with the secret. */
    public static byte[] sign(String secret, String euid) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(euid.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
        }
    }
}
