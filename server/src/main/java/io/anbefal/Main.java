package io.anbefal;

import io.anbefal.cli.Launcher;
import picocli.CommandLine;

/** Entry point of {@code bin/anbefal}: the launcher's subcommands. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        int code = new CommandLine(new Launcher()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }
}
