package io.anbefal.cli;

import io.anbefal.dataset.DatasetProgress;
import io.anbefal.dataset.DatasetException;
import io.anbefal.dataset.DatasetLoader;
import io.anbefal.dataset.DatasetRecord;
import io.anbefal.dataset.DatasetTargets;
import io.anbefal.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code anbefal import FILE.xml --service S}: validates a dataset file whole, then loads it into a service's
 * event log, with a progress bar and a closing summary on stderr. An invalid file loads nothing.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Load a dataset file (the XML format of docs/dataset.xsd, optionally gzipped) into a service.",
                "The file is validated whole first: an invalid file is rejected with the line and column of its first"
                        + " error, and nothing of it is loaded. Running servers on the same data directory or database learn the new history at once (their log tailers)."})
public final class ImportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "The dataset file (.xml or .xml.gz).")
    Path file;

    @Option(names = "--service", required = true, description = "The service to load into (created if missing).")
    String service;

    @Mixin
    StoreOptions where = new StoreOptions();

    @Option(names = "--validate-only", description = "Only check the file; load nothing.")
    boolean validateOnly;

    @Override
    public Integer call() {
        if (!Files.isReadable(file)) {
            System.err.println("Cannot read " + file);
            return 2;
        }
        if (!service.matches("[A-Za-z0-9._-]{1,200}")) {
            System.err.println("A service name is 1 to 200 letters, digits, '.', '_' or '-': " + service);
            return 2;
        }
        DatasetLoader loader = new DatasetLoader();
        try {
            if (validateOnly) {
                long records = loader.validate(file, DatasetProgress.stderr(file.getFileName().toString()));
                System.err.println(file + " is a valid dataset of " + String.format("%,d", records) + " records.");
                return 0;
            }
            try (Store store = where.open()) {
                DatasetLoader.Target bulk = DatasetTargets.store(store, service);
                // the service is created only for a file that proved valid, just before its publication
                DatasetLoader.Target target = new DatasetLoader.Target() {
                    @Override
                    public void load(List<DatasetRecord> chunk) {
                        bulk.load(chunk);
                    }

                    @Override
                    public void publish() {
                        if (store.service(service).isEmpty()) {
                            store.putService(service, List.of());
                            System.err.println("Created service " + service + "; give it a user with: bin/anbefal"
                                    + " service add " + service + " --user U --password P");
                        }
                        bulk.publish();
                    }

                    @Override
                    public void close() {
                        bulk.close();
                    }
                };
                DatasetLoader.Summary s = loader.load(file, target, DatasetProgress.stderr(file.getFileName().toString()));
                System.err.println(summary(file, service, s));
            }
            return 0;
        } catch (DatasetException e) {
            System.err.println(file + " is not a valid dataset; nothing was loaded.");
            System.err.println(file + ":" + e.describe());
            return 1;
        }
    }

    static String summary(Path file, String service, DatasetLoader.Summary s) {
        double seconds = s.nanos() / 1e9;
        return String.format("Loaded %,d events (%,d updates, %,d items) and %,d links into service %s from %s"
                        + " (%.1f MB): validated and staged in %.1f s, published in %.1f s (%,.0f events/s to the"
                        + " durable commit).",
                s.events(), s.updates(), s.items(), s.links(), service, file, s.bytes() / 1048576.0,
                s.readNanos() / 1e9, s.publishNanos() / 1e9, s.events() / Math.max(1e-9, seconds));
    }
}
