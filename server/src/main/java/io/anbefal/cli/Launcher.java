package io.anbefal.cli;

import picocli.CommandLine.Command;

/** {@code bin/anbefal}: run the server and manage services. */
@Command(name = "anbefal", mixinStandardHelpOptions = true, version = "Anbefal 0.1.0",
        description = "Self-hosted recommendation service speaking the Sannsyn Recommender API 1.0.",
        subcommands = {ServeCommand.class, ServiceCommand.class, EvalCommand.class, BenchCommand.class, ClusterBenchCommand.class, EngineBenchCommand.class,
                ImportCommand.class, ExportCommand.class, EraseCommand.class})
public final class Launcher implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
