package io.anbefal.cli;

import io.anbefal.dataset.DatasetTargets;
import io.anbefal.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code anbefal export --service S > FILE.xml}: writes a service's whole history in the dataset format. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write a service's history (links, updates, item facts) to stdout in the dataset format of"
                + " docs/dataset.xsd, ready for bin/anbefal import.")
public final class ExportCommand implements Callable<Integer> {

    @Option(names = "--service", required = true, description = "The service to export.")
    String service;

    @Mixin
    StoreOptions where = new StoreOptions();

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to this file instead of stdout.")
    Path output;

    @Override
    public Integer call() throws IOException {
        try (Store store = where.open()) {
            if (store.service(service).isEmpty()) {
                System.err.println("No service " + service + " in " + where.describe());
                return 2;
            }
            long t0 = System.nanoTime();
            long records;
            try (OutputStream out = new BufferedOutputStream(output == null ? new FileOutputStream(FileDescriptor.out)
                    : Files.newOutputStream(output), 1 << 16)) {
                records = DatasetTargets.export(store, service, out);
            }
            System.err.printf("Exported %,d records of service %s in %.1f s.%n", records, service,
                    (System.nanoTime() - t0) / 1e9);
        }
        return 0;
    }
}
