package io.anbefal;

import io.anbefal.cli.Launcher;
import picocli.CommandLine;

/** Entry point of {@code bin/anbefal}: the launcher's subcommands. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        int code = new CommandLine(new Launcher()).setExecutionExceptionHandler(Main::failed).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    /**
     * A bad configuration (an unknown key, a missing file, a database URL that is not PostgreSQL's) or a database
     * that cannot be opened: one line naming the command and the problem, exit code 1; anything else as picocli does.
     */
    private static int failed(Exception e, CommandLine command, CommandLine.ParseResult parsed) throws Exception {
        if (e instanceof IllegalArgumentException || e instanceof io.anbefal.store.StoreException
                || e instanceof java.io.UncheckedIOException) {
            command.getErr().println(command.getCommandSpec().qualifiedName() + ": " + e.getMessage());
            return 1;
        }
        throw e;
    }
}
