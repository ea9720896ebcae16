package io.anbefal.cli;

import io.anbefal.http.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LauncherTest {

    @TempDir
    Path data;

    @ParameterizedTest
    @ValueSource(strings = {"", "serve", "service", "service add", "service key", "service list", "eval", "bench", "bench-engine", "import", "export"})
    void everySubcommandHasHelp(String command) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new Launcher()).setOut(new PrintWriter(out));
        String[] args = (command.isEmpty() ? "--help" : command + " --help").split(" ");
        assertEquals(0, cli.execute(args));
        assertTrue(out.toString().startsWith("Usage: anbefal" + (command.isEmpty() ? "" : " " + command)), out.toString());
    }

    @Test
    void serviceAddWorksWhileTheServerRunsInAnotherProcess() throws Exception {
        try (TestServer server = new TestServer(data)) {
            String java = ProcessHandle.current().info().command().orElse("java");
            Process add = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "io.anbefal.Main",
                    "service", "add", "late", "--user", "late-user", "--password", "late-pass",
                    "--origin", "https://late.example", "--data", data.toString()).redirectErrorStream(true).start();
            assertTrue(add.waitFor(60, TimeUnit.SECONDS));
            String output = new String(add.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, add.exitValue(), output);
            assertTrue(output.contains("Service late: user late-user, origins [https://late.example]"), output);

            var status = server.send(server.request("/recapi/1.0/servicestatus/late")
                    .header("Authorization", TestServer.basic("late-user", "late-pass")).GET().build());
            assertEquals(200, status.status(), status.toString());
            var update = server.send(server.request("/ajaxrecapi/1.0/update").header("Origin", "https://late.example")
                    .header("x-ssasid", "v").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"service\":\"late\",\"updates\":[{\"entityIDs\":[\"a\"],\"what\":\"BROWSE\"}]}")).build());
            assertEquals(200, update.status(), update.toString());
        }
    }

    @Test
    void serviceAddSaysWhichBrowserTrustModeTheServiceIsIn() {
        String open = add("open-shop");
        assertTrue(open.contains("Browsers: open mode") && open.contains("--set crec.secret="), open);
        String signed = add("signed-shop", "--set", "crec.secret=the-shops-secret");
        assertTrue(signed.contains("Browsers: signed mode"), signed);
        assertTrue(add("open-shop", "--set", "crec.secret=later").contains("Browsers: signed mode"), "switched by the setting");
    }

    /** Runs {@code service add NAME --user u --password p ARGS} in this process; its standard output. */
    private String add(String name, String... more) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("service", "add", name, "--user", "u",
                "--password", "p", "--data", data.toString()));
        args.addAll(java.util.List.of(more));
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.PrintStream before = System.out;
        System.setOut(new java.io.PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, new CommandLine(new Launcher()).execute(args.toArray(String[]::new)));
        } finally {
            System.setOut(before);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void badServiceNamesAndOriginsAreRefused() {
        CommandLine cli = new CommandLine(new Launcher()).setErr(new PrintWriter(new StringWriter()));
        assertEquals(2, cli.execute("service", "add", "bad name", "--user", "u", "--password", "p", "--data", data.toString()));
        assertEquals(2, cli.execute("service", "add", "ok", "--user", "u", "--password", "p", "--origin", "https://x.example/path",
                "--data", data.toString()));
    }

    @Test
    void aRecommendersRulesMustParseToBeStored() {
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream before = System.err;
        System.setErr(new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertEquals(2, new CommandLine(new Launcher()).execute("service", "add", "ruled", "--user", "u", "--password",
                    "p", "--data", data.toString(), "--set", "recommender.cheap.rules=price <"));
        } finally {
            System.setErr(before);
        }
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("setting recommender.cheap.rules: rule 'price <' is"
                + " invalid"), err.toString(StandardCharsets.UTF_8));
        assertTrue(add("ruled", "--set", "recommender.cheap.rules=price < 10; pin P1 at 1").contains("settings"));
    }

    @Test
    void aNumberNotOfItsFormIsRefusedAndNothingOfTheCommandIsStored() throws Exception {
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream before = System.err;
        System.setErr(new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertEquals(2, new CommandLine(new Launcher()).execute("service", "add", "numbers", "--user", "u",
                    "--password", "p", "--data", data.toString(), "--set", "kibo.widget.a.displayName=A",
                    "--set", "recommender.ItemToItemRecommender.neighbours=1.5"));
        } finally {
            System.setErr(before);
        }
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("setting recommender.ItemToItemRecommender.neighbours"
                + " must be a whole number from 1 to 100000, not '1.5'"), err.toString(StandardCharsets.UTF_8));
        try (io.anbefal.store.Store store = io.anbefal.store.H2Store.open(data)) {
            assertTrue(store.service("numbers").isEmpty(), "no service, no setting");
        }
        assertTrue(add("numbers", "--set", "kibo.widget.a.displayName=A",
                "--set", "recommender.ItemToItemRecommender.neighbours=50").contains("settings"));
    }
}
