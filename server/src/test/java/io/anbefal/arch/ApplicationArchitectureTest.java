package io.anbefal.arch;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.anbefal.engine.Engine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleName;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameStartingWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The application's boundaries ({@code io.anbefal.app}): a thin facade ({@code Anbefal}) over parts that know
 * nothing of it, the log written through one writer, the engine taught by the write path and the log's feed alone,
 * and the store known by its interfaces.
 */
class ApplicationArchitectureTest {

    private static final String APP = "io.anbefal.app";

    static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.anbefal");
    }

    /** The facade's parts: each one job of the application. */
    private static final DescribedPredicate<JavaClass> PARTS = simpleName("Updates").or(simpleName("Identities"))
            .or(simpleName("Recovery")).or(simpleName("EngineFeed")).or(simpleName("CatalogWrites"))
            .or(simpleName("Publication")).or(simpleName("Erasures")).or(simpleName("PersonalSearch"))
            .as("the facade's parts");

    /** The facade sits above its parts: none of them calls back into it (no circle inside the application). */
    @Test
    void theFacadesPartsDoNotCallBackIntoIt() {
        noClasses().that().resideInAPackage(APP).and(PARTS)
                .should().dependOnClassesThat().haveFullyQualifiedName(APP + ".Anbefal")
                .check(classes);
    }

    /**
     * One writer: only the facade and the parts that write the log (retention's removals too) reach the group committer ({@code SharedLog}
     * runs a shared log's tailing through it, so that what a node copies is ordered with its own commits).
     */
    @Test
    void onlyTheWritingPartsReachTheGroupCommitter() {
        noClasses().that().resideInAPackage(APP).and().doNotHaveSimpleName("GroupCommitter")
                .and().doNotHaveSimpleName("Anbefal").and().doNotHaveSimpleName("Updates")
                .and().doNotHaveSimpleName("Recovery").and().doNotHaveSimpleName("Publication")
                .and().doNotHaveSimpleName("Erasures").and().doNotHaveSimpleName("SharedLog")
                .and().doNotHaveSimpleName("Retention")
                .should().dependOnClassesThat().haveFullyQualifiedName(APP + ".GroupCommitter")
                .check(classes);
    }

    /**
     * The engine learns the log in one way: what a commit made durable ({@code Updates}), the log's feed ({@code
     * EngineFeed}: replay, publication, erasure) and the links ({@code Identities}); a log tailer reuses the feed.
     */
    @Test
    void theEngineLearnsThroughTheWritePathAndTheFeedAlone() {
        noClasses().that().resideInAPackage(APP).and().doNotHaveSimpleName("Updates")
                .and().doNotHaveSimpleName("EngineFeed")
                .should().callMethod(Engine.class, "apply", String.class, List.class)
                .check(classes);
        noClasses().that().resideInAPackage(APP).and().doNotHaveSimpleName("Identities")
                .should().callMethod(Engine.class, "link", String.class, String.class, String.class)
                .check(classes);
        noClasses().that().resideInAPackage(APP).and().doNotHaveSimpleName("Recovery")
                .and().doNotHaveSimpleName("EngineFeed").and().doNotHaveSimpleName("Erasures")
                .should().callConstructor(APP + ".EngineFeed", Engine.class.getName(), APP + ".Identities",
                        APP + ".Telemetry", "long")
                .check(classes);
    }

    /** The application knows the store by its interfaces, not by its JDBC implementation. */
    @Test
    void theApplicationKnowsTheStoreByItsInterfaces() {
        noClasses().that().resideInAPackage(APP)
                .should().dependOnClassesThat(resideInAPackage("io.anbefal.store")
                        .and(simpleNameStartingWith("Jdbc").or(simpleName("H2Store")).or(simpleName("Schema")))
                        .as("the store's implementation"))
                .check(classes);
    }

    /** No application file over 400 lines; the facade stays thin (its parts do the work). */
    /**
     * The application sits below the API dialects: it imports none of them (a dialect's settings are checked by
     * the check its wiring gives, {@code SettingsCheck.Rules}), so no circle runs through it.
     */
    @Test
    void theApplicationKnowsNoApiDialect() {
        noClasses().that().resideInAPackage(APP)
                .should().dependOnClassesThat().resideInAnyPackage("io.anbefal.http..", "io.anbefal.kibo..",
                        "io.anbefal.miso..", "io.anbefal.cli..")
                .check(classes);
    }

    @Test
    void theApplicationsFilesAreSmallAndTheFacadeThin() throws IOException {
        Path app = Path.of("src/main/java/io/anbefal/app");
        assertTrue(Files.isDirectory(app), "run from the server module: " + app.toAbsolutePath());
        List<String> large;
        try (Stream<Path> files = Files.list(app)) {
            large = files.filter(f -> f.toString().endsWith(".java")).filter(f -> lines(f) > 400)
                    .map(f -> f.getFileName() + " (" + lines(f) + " lines)").sorted().toList();
        }
        assertEquals(List.of(), large, "split these");
        long facade = lines(app.resolve("Anbefal.java"));
        // 320 before the shared log's wiring, modelBytes and the experiments' configure(ServiceAccount, Map) came in
        assertTrue(facade <= 360, "Anbefal is a facade: " + facade + " lines; give the work to a part");
    }

    private static long lines(Path f) {
        try (Stream<String> lines = Files.lines(f)) {
            return lines.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
