package io.anbefal.app;

import io.anbefal.engine.Engine;
import io.anbefal.engine.RecommendRequest;
import io.anbefal.engine.Recommendation;
import io.anbefal.store.ServiceAccount;
import io.anbefal.tenant.CustomerSignatures;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The browser trust model: in whose name a request from a browser (the crec script and {@code /ajaxrecapi/1.0},
 * Kibo's {@code /recs/1}, {@code /v1} with a publishable key) may act. Every browser path asks here; the
 * server-side APIs (basic auth, the secret API key) are trusted and do not. See docs/api.md, "Browser trust".
 * <ul>
 * <li><b>Signed mode</b> (the service sets {@code crec.secret}): a browser's visitor id must be one this server
 * issued ({@link #newVisitor}: random bits and their MAC with the installation's visitor key), and a browser acts for
 * a customer only with a valid signature of that customer id ({@link CustomerSignatures}: the signed euid, Miso's
 * {@code user_hash}), or through its own visitor id that such a signature (or the shop's server) linked to the
 * customer. Anything else naming a customer is a 403 that changes nothing.</li>
 * <li><b>Open mode</b> (no secret; Sannsyn-compatible): customer ids from the page are trusted for updates and
 * personalised recommendations; raw history (a recommender that echoes it, such as RecentlyViewed) is answered
 * only for the requesting visitor's own identity: an issued visitor id and the persons linked to it.</li>
 * </ul>
 * In both modes identify's {@code alias} (the cookie's id, merged into the script's id) is merged only when the
 * request proves it holds that id (its cookie carries it), or, in signed mode, when it is an issued id never
 * linked to anyone; never when that would join two identities that are both linked already.
 */
public final class BrowserTrust {

    /** How a service treats browsers. */
    public enum Mode { OPEN, SIGNED }

    /** A browser's sign-in as crec and identify answer it: its visitor id, and the customer linked or null. */
    public record Signin(String visitor, String customer) {
    }

    private static final int RANDOM_BYTES = 16;
    private static final int MAC_BYTES = 16;
    private static final String MAC_SEPARATOR = ".";

    private final Anbefal anbefal;
    private final Identities identities;
    private final Engine engine;
    private final SecretKeySpec visitorKey;
    private final SecureRandom random = new SecureRandom();

    BrowserTrust(Anbefal anbefal, Identities identities, Engine engine, byte[] visitorKey) {
        this.anbefal = anbefal;
        this.identities = identities;
        this.engine = engine;
        this.visitorKey = new SecretKeySpec(visitorKey.clone(), "HmacSHA256");
    }

    /** A fresh random key for visitor ids (32 bytes). */
    public static byte[] newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    public Mode mode(ServiceAccount account) {
        return signed(account) ? Mode.SIGNED : Mode.OPEN;
    }

    private static boolean signed(ServiceAccount account) {
        return CustomerSignatures.required(account);
    }

    // --- visitor ids ---------------------------------------------------------------------------------------

    /** A new visitor id: 128 random bits, a dot, and a 128-bit MAC of them; URL-safe Base64, 45 characters. */
    public String newVisitor() {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        return id + MAC_SEPARATOR + mac(id);
    }

    /** Whether {@code id} is a visitor id this server issued ({@link #newVisitor}). */
    public boolean issued(String id) {
        if (id == null || !looksIssued(id)) {
            return false;
        }
        int dot = id.indexOf(MAC_SEPARATOR);
        byte[] expected = mac(id.substring(0, dot)).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, id.substring(dot + 1).getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Whether {@code id} has the form of an issued visitor id (22 + 1 + 22 characters), without checking its MAC:
     * enough to tell customer ids (which a shop chooses) from visitor ids when indexing links.
     */
    static boolean looksIssued(String id) {
        return id.length() == 45 && id.charAt(22) == '.' && id.indexOf('.') == 22;
    }

    private String mac(String id) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(visitorKey);
            byte[] full = mac.doFinal(("visitor:" + id).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(full, MAC_BYTES));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
        }
    }

    /** A random UUID (version 4), as Miso's client SDK makes for its anonymous_id: no one guesses another's. */
    private static final java.util.regex.Pattern UUID4 =
            java.util.regex.Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

    /**
     * Open mode: the request's own visitor id that a page made itself (Miso's SDK keeps a random UUID as its
     * anonymous_id), when it is that unguessable and was never linked to a customer: an anonymous visitor's own
     * history. A customer id, or any id linked to one, still needs an issued visitor id linked to it.
     */
    private boolean ownToken(String service, String visitor, String person) {
        return person.equals(visitor) && UUID4.matcher(person).matches() && !identities.withCustomer(service, person);
    }

    /** Whether {@code id} is the visitor's own identity: the issued visitor id itself or a person linked to it. */
    private boolean own(String service, String visitor, String id) {
        return issued(visitor) && (id.equals(visitor) || engine.samePerson(service, visitor, id));
    }

    // --- crec and identify -----------------------------------------------------------------------------------

    /**
     * The crec script's start: the visitor id of the {@code ssasid} cookie when it may serve (in signed mode only
     * an issued one), else a new one; and the {@code euid} linked to it, which in signed mode needs a valid
     * {@code sig}. A visitor already linked to another identity gets a new id rather than joining the two.
     *
     * @throws AnbefalException FORBIDDEN for a euid without a valid signature in signed mode (nothing changed)
     */
    public Signin crec(ServiceAccount account, String cookie, String euid, String sig) {
        String service = account.name();
        boolean signed = signed(account);
        String visitor = cookie != null && (!signed || issued(cookie)) ? cookie : newVisitor();
        if (euid == null) {
            return new Signin(visitor, null);
        }
        if (own(service, visitor, euid)) {
            return new Signin(visitor, euid); // signed in before: the link is the proof
        }
        requireSignature(account, "euid", euid, sig);
        if (identities.withCustomer(service, visitor) && !engine.samePerson(service, visitor, euid)) {
            visitor = newVisitor(); // a shared browser signing in as someone else: do not join the two customers
        }
        anbefal.link(account, visitor, euid);
        return new Signin(visitor, euid);
    }

    /**
     * {@code POST identify}: the script's own id ({@code ssasid}), the cookie's id to merge into it ({@code alias},
     * or null), the id the request's cookie carries, and optionally a customer id with its signature. Checks
     * everything before it links anything.
     *
     * @throws AnbefalException FORBIDDEN when any part is not allowed (nothing changed)
     */
    public Signin identify(ServiceAccount account, String ssasid, String alias, String cookie, String euid, String sig) {
        String service = account.name();
        boolean signed = signed(account);
        if (signed && !issued(ssasid)) {
            throw forbidden("ssasid is not a visitor id this server issued: load the crec script for one");
        }
        if (euid != null && !own(service, ssasid, euid)) {
            requireSignature(account, "euid", euid, sig);
            if (identities.withCustomer(service, ssasid) && !engine.samePerson(service, ssasid, euid)) {
                throw forbidden("this visitor id is linked to someone else: load the crec script for a new one");
            }
        }
        boolean merge = alias != null && !alias.equals(ssasid) && !engine.samePerson(service, alias, ssasid);
        if (merge) {
            if (signed && !issued(alias)) {
                throw forbidden("alias is not a visitor id this server issued");
            }
            boolean held = alias.equals(cookie);
            boolean proven = euid != null && engine.samePerson(service, alias, euid);
            if (!held && !proven && !(signed && !identities.linked(service, alias))) {
                throw forbidden("alias cannot be merged: send it as the request's ssasid cookie");
            }
            if (!proven && identities.withCustomer(service, alias) && identities.withCustomer(service, ssasid)) {
                throw forbidden("alias and ssasid are linked to different identities: they are not merged");
            }
        }
        if (merge) {
            anbefal.link(account, alias, ssasid);
        }
        if (euid != null) {
            anbefal.link(account, ssasid, euid); // nothing when linked already
        }
        return new Signin(ssasid, euid);
    }

    private void requireSignature(ServiceAccount account, String field, String customer, String sig) {
        if (!CustomerSignatures.accepted(account, customer, sig)) {
            throw forbidden(field + " '" + customer + "' needs a valid signature (sig = hex HMAC-SHA256 of the id with"
                    + " the service's crec.secret): this service is in signed mode");
        }
    }

    // --- the ajax API --------------------------------------------------------------------------------------------

    /**
     * A browser's updates ({@code /ajaxrecapi/1.0/update}). Open mode: stored as given (an update naming a customer
     * links the visitor to it). Signed mode: the visitor must be an issued id, and every customer named must be the
     * visitor's own identity; no links are made.
     *
     * @throws AnbefalException FORBIDDEN when a customer is named without proof (nothing stored)
     */
    public int update(ServiceAccount account, List<Update> updates, String visitor) {
        String service = account.name();
        if (signed(account)) {
            for (int i = 0; i < updates.size(); i++) {
                Update u = updates.get(i);
                String person = u.anonymous() ? visitor : u.customer();
                if (person == null) {
                    continue; // Anbefal answers the missing visitor id
                }
                if (!own(service, visitor, person)) {
                    throw forbidden("updates[" + i + "]" + (u.anonymous() ? ": the visitor id is not one this server"
                            + " issued" : ".customer '" + person + "' is not this visitor's")
                            + ": this service is in signed mode (a customer needs the signed euid of the crec script)");
                }
            }
        }
        return anbefal.update(account, updates, visitor);
    }

    /**
     * A browser's recommendation request ({@code /ajaxrecapi/1.0/recommend}). The persons it names (a known
     * person among externalIds, after "anonymous" stands for the visitor; {@code userid:} tags) must be the
     * visitor's own identity in signed mode, and in open mode too when the recommender echoes raw history.
     *
     * @throws AnbefalException FORBIDDEN otherwise
     */
    public Recommendation recommend(ServiceAccount account, RecommendRequest request, String visitor) {
        String service = account.name();
        boolean strict = signed(account) || engine.echoesHistory(service, request.recommender());
        if (strict) {
            for (String person : persons(service, request, visitor)) {
                if (!own(service, visitor, person)) {
                    throw forbidden("'" + person + "' is not this visitor's own identity: " + (signed(account)
                            ? "this service is in signed mode (a customer needs the signed euid of the crec script)"
                            : request.recommender() + " answers a person's history, only for the visitor's own"));
                }
            }
        }
        return anbefal.recommend(account, request, visitor);
    }

    /** The persons a request names, resolved as {@link Anbefal#recommend} resolves it. */
    private Set<String> persons(String service, RecommendRequest request, String visitor) {
        Set<String> persons = new LinkedHashSet<>();
        RecommendRequest resolved = VisitorIds.resolve(request, visitor);
        for (String id : resolved.externalIds()) {
            if (engine.knowsPerson(service, id)) {
                persons.add(id);
            }
        }
        for (String tag : resolved.tags()) {
            if (tag.startsWith("userid:")) {
                persons.add(tag.substring(7));
            }
        }
        return persons;
    }

    // --- Kibo and /v1 with a publishable key ------------------------------------------------------------------

    /**
     * Whether a browser may have answers for {@code person} (Kibo's user, {@code /v1}'s user_id or anonymous_id):
     * null or unknown persons always; else an issued visitor id itself, a person linked to the request's issued
     * visitor id ({@code visitor}, may be null), or one with a valid signature ({@code sig}: Kibo's {@code sig},
     * Miso's {@code user_hash}). Open mode checks only when the answer echoes raw history ({@code history}).
     *
     * @throws AnbefalException FORBIDDEN otherwise
     */
    public void requirePerson(ServiceAccount account, String person, String visitor, String sig, boolean history) {
        String service = account.name();
        boolean signed = signed(account);
        if (person == null || !(signed || history) || !engine.knowsPerson(service, person)) {
            return;
        }
        if (issued(person) || (visitor != null && own(service, visitor, person))
                || (signed && CustomerSignatures.accepted(account, person, sig))
                || (!signed && ownToken(service, visitor, person))) {
            return;
        }
        throw forbidden("'" + person + "' is not this browser's own identity: " + (signed
                ? "this service is in signed mode (give the id's signature)"
                : "a person's history is answered only for the visitor's own id"));
    }

    /**
     * Interaction records from a browser ({@code /v1/interactions} with a publishable key). Open mode: stored as
     * given, a record with both ids links them. Signed mode: each record's user_id needs its {@code user_hash} or
     * an issued anonymous_id linked to it; an anonymous_id must be an issued visitor id, or hashed itself when the
     * record has no user_id; then both ids of a record are proven and are linked.
     *
     * @param hashes per record, its {@code user_hash} or null
     * @throws AnbefalException FORBIDDEN for any record without proof (nothing stored)
     */
    public int interactions(ServiceAccount account, List<Update> updates, List<String> visitors, List<String> hashes) {
        String service = account.name();
        if (signed(account)) {
            List<String> problems = new ArrayList<>();
            for (int i = 0; i < updates.size(); i++) {
                String user = updates.get(i).anonymous() ? null : updates.get(i).customer();
                String anonymous = visitors.get(i);
                String hash = hashes.get(i);
                boolean anonymousOk = anonymous == null || issued(anonymous)
                        || (user == null && CustomerSignatures.accepted(account, anonymous, hash));
                boolean userOk = user == null || CustomerSignatures.accepted(account, user, hash)
                        || (anonymous != null && own(service, anonymous, user));
                if (anonymousOk && user != null && anonymous != null && identities.withCustomer(service, anonymous)
                        && !engine.samePerson(service, anonymous, user)) {
                    problems.add("data." + i + ".anonymous_id is linked to someone else");
                } else if (!anonymousOk) {
                    problems.add("data." + i + ".anonymous_id is neither a visitor id this server issued nor hashed");
                } else if (!userOk) {
                    problems.add("data." + i + ".user_id needs a valid user_hash");
                }
            }
            if (!problems.isEmpty()) {
                throw new AnbefalException(AnbefalException.Kind.FORBIDDEN, problems.getFirst()
                        + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : "")
                        + ": this service is in signed mode (user_hash = hex HMAC-SHA256 of the id with crec.secret)");
            }
        }
        return anbefal.update(account, updates, visitors, true);
    }

    private static AnbefalException forbidden(String message) {
        return new AnbefalException(AnbefalException.Kind.FORBIDDEN, message);
    }
}
