package io.anbefal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.anbefal.app.Anbefal;
import io.anbefal.app.Update;
import io.anbefal.demo.DemoSeed;
import io.anbefal.demo.DemoShop;
import io.anbefal.demo.SeedEvent;
import io.anbefal.http.sannsyn.StatsAnswer;
import io.anbefal.app.ExperimentReport;
import io.anbefal.store.ServiceAccount;
import io.anbefal.store.Stats;
import io.anbefal.tenant.CustomerSignatures;
import io.anbefal.tenant.Passwords;
import io.helidon.webserver.http.HttpRouting;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo-site module's shop and seed history, wired to a node ({@link Demo}): the shop reads the demo service's
 * statistics (the 1.0 API's answer) and has its customers' ids signed with the service's {@code crec.secret}; the
 * service is created in signed mode, as a shop should run, with the shop's origins.
 */
public final class DemoWiring implements Demo {

    private static final System.Logger LOG = System.getLogger(DemoWiring.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void shop(HttpRouting.Builder routing, Anbefal anbefal, int apiPort) {
        DemoShop shop = new DemoShop(new DemoShop.Settings("http://localhost:" + apiPort, SERVICE,
                () -> stats(anbefal), euid -> signature(anbefal, euid)));
        shop.routing(routing);
    }

    /** The demo's experiment (docs/api.md, "Experiments"). */
    static final java.util.Map<String, String> EXPERIMENT = java.util.Map.of(
            "experiment.alsoViewed.placement", "ItemToItemRecommender",
            "experiment.alsoViewed.variants", "A,B",
            "experiment.alsoViewed.variant.B.settings.beta", "0.6");

    /** The demo shop's signature of a customer id: the demo service is in signed mode (its crec.secret). */
    private static String signature(Anbefal anbefal, String euid) {
        String secret = anbefal.services().find(SERVICE).map(a -> a.settings().get(CustomerSignatures.SECRET))
                .orElse(null);
        return secret == null ? null : CustomerSignatures.hex(secret, euid);
    }

    private static String stats(Anbefal anbefal) {
        try {
            ServiceAccount account = anbefal.service(SERVICE);
            Stats stats = anbefal.stats(account, 0, Long.MAX_VALUE);
            return JSON.writeValueAsString(StatsAnswer.of(SERVICE, 0, Long.MAX_VALUE, stats,
                    ExperimentReport.of(account.settings(), stats)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void create(Anbefal anbefal, Path dataDir, int shopPort) {
        int shop = shopPort > 0 ? shopPort : 8081;
        String password = Passwords.generate();
        anbefal.services().add(SERVICE, SERVICE, password,
                List.of("http://localhost:" + shop, "http://127.0.0.1:" + shop));
        // signed mode, as a shop should run: the shop signs its customers' ids (signature)
        anbefal.configure(anbefal.service(SERVICE), CustomerSignatures.SECRET, Passwords.generate());
        // one small A/B test, so that the statistics page has an experiment to show: the product page's
        // "also viewed" shelf (ItemToItemRecommender) as it is, against one that discounts popular items more
        anbefal.configure(anbefal.service(SERVICE), EXPERIMENT);
        Path file = dataDir.resolve(CREDENTIALS);
        try {
            Files.writeString(file, "service=" + SERVICE + "\nuser=" + SERVICE + "\npassword=" + password + "\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system: the file stays with default permissions
        }
        LOG.log(System.Logger.Level.INFO, "Created the demo service; its credentials are in {0}", file.toAbsolutePath());
        long now = System.currentTimeMillis();
        List<SeedEvent> seed = new ArrayList<>(DemoSeed.catalogFacts(now));
        seed.addAll(DemoSeed.history(now));
        for (int from = 0; from < seed.size(); from += 1000) {
            List<Update> chunk = new ArrayList<>();
            for (SeedEvent e : seed.subList(from, Math.min(seed.size(), from + 1000))) {
                chunk.add(new Update(e.customer(), e.entityIDs(), e.what(), "web", null, e.tags(), e.timeMillis(),
                        null, null, null));
            }
            anbefal.update(anbefal.service(SERVICE), chunk, null);
        }
        LOG.log(System.Logger.Level.INFO, "Seeded the demo service with {0} generated updates", seed.size());
    }
}
