package io.anbefal.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The worked examples of docs/api.md's "Experiments" and "Rules" sections, run as written with bash and real
 * {@code curl} against a real server (a fresh H2 file per section, the section's service made as its
 * {@code bin/anbefal service add} sentence says), each output compared with the documented one. The convention
 * (written down in docs/api.md, "Examples that are checked"):
 * <ul>
 * <li>every {@code ```sh} block of the section is an example; its blocks run in order as one shell script, with
 * {@code localhost:8080} pointing at the test's server;</li>
 * <li>a line starting with {@code "# "} is output: it starts an output line of the commands above it (a step: the
 * lines since the previous output); a line starting with {@code "#  "} (two blanks) continues the output line
 * before it, its text joined after the blanks without a separator (so a long JSON answer can be folded);</li>
 * <li>a step's output lines, joined by new lines, must be what its commands print (trailing new lines aside),
 * where {@code ...} matches any run of characters (for volatile values: ids, times, uuids, trackingData) and
 * everything else is compared exactly; a step without output lines must print nothing.</li>
 * </ul>
 * Needs bash and curl ({@code bin/test} installs curl when it is missing).
 */
class DocExamplesTest {

    private static final Path DOC = Path.of("../docs/api.md");
    private static final String END = "@@DocExamplesTest-step-end@@";
    private static final Pattern SERVICE_ADD = Pattern.compile(
            "`bin/anbefal service add (\\S+) --user (\\S+) --password (\\S+) --api-key (\\S+)`");

    @TempDir
    Path data;

    @Test
    void theExperimentsExamplesAnswerAsDocumented() throws Exception {
        check("## Experiments (A/B tests)");
    }

    @Test
    void theRulesExamplesAnswerAsDocumented() throws Exception {
        check("## Rules: filters, pins, exclusions (every API)");
    }

    /** One step of an example: shell lines and what they print. */
    record Step(String script, List<String> output) {
        String expected() {
            return String.join("\n", output);
        }

        boolean matches(String actual) {
            return pattern(expected()).matcher(actual).matches();
        }
    }

    /** The documented output as a pattern: {@code ...} is any run of characters, the rest literal. */
    static Pattern pattern(String expected) {
        StringBuilder regex = new StringBuilder();
        String[] parts = expected.split(Pattern.quote("..."), -1);
        for (int i = 0; i < parts.length; i++) {
            regex.append(i == 0 ? "" : "[\\s\\S]*?").append(parts[i].isEmpty() ? "" : Pattern.quote(parts[i]));
        }
        return Pattern.compile(regex.toString());
    }

    /** The section under the heading, up to the next heading of level 1 or 2 outside a code block. */
    static String section(String markdown, String heading) {
        List<String> lines = List.of(markdown.split("\n", -1));
        int start = lines.indexOf(heading);
        assertTrue(start >= 0, "docs/api.md has no section " + heading);
        StringBuilder section = new StringBuilder(heading).append('\n');
        boolean fenced = false;
        for (String line : lines.subList(start + 1, lines.size())) {
            fenced ^= line.startsWith("```");
            if (!fenced && (line.startsWith("# ") || line.startsWith("## "))) {
                break;
            }
            section.append(line).append('\n');
        }
        return section.toString();
    }

    /** The steps of the section's {@code ```sh} blocks, in order. */
    static List<Step> steps(String section) {
        List<Step> steps = new ArrayList<>();
        StringBuilder script = new StringBuilder();
        List<String> output = new ArrayList<>();
        boolean inBlock = false;
        for (String line : section.split("\n", -1)) {
            if (!inBlock) {
                inBlock = line.equals("```sh");
                continue;
            }
            if (line.equals("```")) {
                inBlock = false;
            } else if (line.startsWith("#  ")) {
                assertTrue(!output.isEmpty(), "a continuation line without an output line before it: " + line);
                output.set(output.size() - 1, output.getLast() + line.substring(1).stripLeading());
            } else if (line.startsWith("# ") || line.equals("#")) {
                output.add(line.length() > 2 ? line.substring(2) : "");
            } else {
                if (!output.isEmpty()) {
                    steps.add(new Step(script.toString(), List.copyOf(output)));
                    script.setLength(0);
                    output.clear();
                }
                script.append(line).append('\n');
            }
        }
        if (!script.isEmpty() || !output.isEmpty()) {
            steps.add(new Step(script.toString(), List.copyOf(output)));
        }
        return steps;
    }

    private void check(String heading) throws Exception {
        String section = section(Files.readString(DOC, StandardCharsets.UTF_8), heading);
        Matcher add = SERVICE_ADD.matcher(section);
        assertTrue(add.find(), heading + " names no `bin/anbefal service add NAME --user U --password P --api-key K`");
        List<Step> steps = steps(section);
        assertTrue(steps.size() >= 5, heading + ": too few examples found: " + steps);
        try (TestServer server = new TestServer(data)) {
            server.server().anbefal().services().add(add.group(1), add.group(2), add.group(3), List.of());
            server.server().anbefal().services().setApiKey(add.group(1), add.group(4));
            String host = "127.0.0.1:" + server.server().port();
            StringBuilder script = new StringBuilder();
            for (Step step : steps) {
                script.append(step.script().replace("localhost:8080", host))
                        .append("printf '\\n%s\\n' '").append(END).append("'\n");
            }
            List<String> outputs = run(script.toString());
            assertEquals(steps.size(), outputs.size(), "steps run: " + outputs);
            StringBuilder problems = new StringBuilder();
            for (int i = 0; i < steps.size(); i++) {
                Step step = steps.get(i);
                String actual = outputs.get(i);
                if (!step.matches(actual)) {
                    problems.append("\n--- step ").append(i + 1).append(":\n").append(step.script())
                            .append("documented:\n").append(step.expected()).append("\nthe server's:\n")
                            .append(actual.isEmpty() ? "(nothing)" : "# " + actual.replace("\n", "\n# ")).append('\n');
                }
            }
            if (!problems.isEmpty()) {
                fail(heading + ": docs/api.md and the server disagree:" + problems);
            }
        }
    }

    /** Runs the script with bash (no proxies) and answers what each step printed, trailing new lines removed. */
    private List<String> run(String script) throws IOException, InterruptedException {
        Path file = data.resolve("examples.sh");
        Files.writeString(file, script, StandardCharsets.UTF_8);
        Path stdoutFile = data.resolve("examples.out");
        ProcessBuilder pb = new ProcessBuilder("bash", file.toString()).directory(data.toFile())
                .redirectOutput(stdoutFile.toFile()).redirectError(data.resolve("examples.err").toFile());
        for (String proxy : List.of("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY")) {
            pb.environment().remove(proxy);
        }
        pb.environment().put("NO_PROXY", "*");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new AssertionError("bash is needed to run docs/api.md's examples", e);
        }
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("the examples did not finish in 120 s: " + Files.readString(stdoutFile));
        }
        String err = Files.readString(data.resolve("examples.err"));
        assertTrue(!err.contains("curl: command not found"), "curl is needed (bin/test installs it): " + err);
        String stdout = Files.readString(stdoutFile, StandardCharsets.UTF_8);
        List<String> outputs = new ArrayList<>();
        String[] chunks = stdout.split("\n" + Pattern.quote(END) + "\n", -1);
        for (int i = 0; i < chunks.length - 1; i++) {
            outputs.add(chunks[i].replaceAll("\n+$", ""));
        }
        assertEquals("", chunks[chunks.length - 1], "output after the last step; stderr: " + err);
        return outputs;
    }
}
