package io.anbefal.arch;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.anbefal.store.H2Store;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.implement;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleName;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameStartingWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps the layers apart: the engine knows neither HTTP nor SQL; its recommend steps know only the engine's model
 * and the JDK, and the model knows no step; the application knows no HTTP; handlers no SQL.
 */
class ArchitectureTest {

    static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.anbefal");
    }

    @Test
    void theEngineImportsNeitherHttpNorSql() {
        noClasses().that().resideInAPackage("io.anbefal.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("io.helidon..", "java.sql..", "javax.sql..",
                        "io.anbefal.store..", "io.anbefal.http..", "io.anbefal.app..", "org.h2..")
                .check(classes);
    }

    /** The dialects stay apart: the Kibo and Miso adapters know neither each other nor HTTP. */
    @Test
    void theDialectAdaptersDoNotImportEachOther() {
        noClasses().that().resideInAPackage("io.anbefal.kibo..")
                .should().dependOnClassesThat().resideInAnyPackage("io.anbefal.miso..", "io.anbefal.http..", "io.helidon..")
                .check(classes);
        noClasses().that().resideInAPackage("io.anbefal.miso..")
                .should().dependOnClassesThat().resideInAnyPackage("io.anbefal.kibo..", "io.anbefal.http..", "io.helidon..")
                .check(classes);
    }

    /**
     * The wiring is at the top: no resource service calls back into {@code http/Routes}, which only wires (the shared
     * helpers are in {@code http/Http}); the dataset format knows no HTTP.
     */
    @Test
    void nothingCallsBackIntoTheRoutingAndTheDatasetFormatKnowsNoHttp() {
        noClasses().that().resideInAnyPackage("io.anbefal.http..").and().doNotHaveSimpleName("Routes")
                .should().dependOnClassesThat().haveFullyQualifiedName("io.anbefal.http.Routes")
                .check(classes);
        noClasses().that().resideInAPackage("io.anbefal.dataset..")
                .should().dependOnClassesThat().resideInAnyPackage("io.anbefal.http..", "io.helidon.webserver..")
                .check(classes);
    }

    /** A request's basic auth is checked in one place, once per request ({@code http/BasicAuth}). */
    @Test
    void basicAuthIsCheckedInOnePlace() {
        noClasses().that().resideInAPackage("io.anbefal.http..").and().doNotHaveSimpleName("BasicAuth")
                .should().callMethod(io.anbefal.tenant.Services.class, "authenticate", String.class, String.class, String.class)
                .orShould().callMethod(io.anbefal.tenant.Services.class, "authenticate", String.class, String.class)
                .check(classes);
    }

    private static final String ENGINE = "io.anbefal.engine.";

    /** The steps of the recommend path: one scorer per type, exclusions, filters, top-N, their composition. */
    private static final DescribedPredicate<JavaClass> RECOMMEND_STEPS = implement(ENGINE + "ItemScorer")
            .or(implement(ENGINE + "Recommender")).or(implement(ENGINE + "CandidateFilter"))
            .or(simpleName("Exclusions")).or(simpleName("TopN")).or(simpleName("Scorer"))
            .or(simpleName("Recommenders")).or(simpleName("ItemScorers")).or(simpleName("Query"))
            .as("the recommend steps");

    @Test
    void theRecommendStepsUseOnlyTheEngineAndTheJdk() {
        classes().that().resideInAPackage("io.anbefal.engine").and(RECOMMEND_STEPS)
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.anbefal.engine",
                        "io.anbefal.engine.rules")
                .check(classes);
        noClasses().that().resideInAPackage("io.anbefal.engine").and(RECOMMEND_STEPS)
                .should().dependOnClassesThat().resideInAnyPackage("io.anbefal.store..", "io.anbefal.app..",
                        "io.anbefal.http..", "io.anbefal.catalog..", "io.anbefal.miso..", "io.anbefal.kibo..")
                .orShould().dependOnClassesThat().haveSimpleName("ScoringEngine")
                .orShould().dependOnClassesThat().haveSimpleName("SnapshotCodec")
                .check(classes);
    }

    /** The rule layer (model, parser, attribute index) is plain Java: no other layer, and nothing of the engine's. */
    @Test
    void theRulesKnowOnlyTheJdk() {
        classes().that().resideInAPackage("io.anbefal.engine.rules")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.anbefal.engine.rules")
                .check(classes);
    }

    @Test
    void theModelKnowsNoRecommendStep() {
        noClasses().that().resideInAPackage("io.anbefal.engine")
                .and().haveSimpleName("ServiceModel").or().haveSimpleName("Persons").or().haveSimpleName("Person")
                .or().haveSimpleName("NeighbourLists").or().haveSimpleName("SnapshotCodec")
                .or().haveSimpleName("IdIndex").or().haveSimpleName("IntFloatMap").or().haveSimpleName("TopN")
                .should().dependOnClassesThat(implement(ENGINE + "ItemScorer").or(implement(ENGINE + "Recommender"))
                        .or(simpleName("Recommenders")).or(simpleName("ItemScorers")).or(simpleName("Exclusions"))
                        .or(simpleName("Query")).as("a recommend step"))
                .check(classes);
    }

    @Test
    void theSnapshotFormIsTheCodecsAlone() {
        noClasses().that().resideInAPackage("io.anbefal.engine").and().doNotHaveSimpleName("SnapshotCodec")
                .and().doNotHaveSimpleName("Engine").and().doNotHaveSimpleName("ScoringEngine")
                .should().dependOnClassesThat().haveFullyQualifiedName("java.io.DataOutput")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.DataInput")
                .check(classes);
    }

    @Test
    void noEngineFileIsOver400Lines() throws IOException {
        Path engine = Path.of("src/main/java/io/anbefal/engine");
        List<String> large;
        try (Stream<Path> files = Files.list(engine)) {
            large = files.filter(f -> f.toString().endsWith(".java")).filter(f -> lines(f) > 400)
                    .map(f -> f.getFileName() + " (" + lines(f) + " lines)").sorted().toList();
        }
        assertTrue(Files.isDirectory(engine), "run from the server module: " + engine.toAbsolutePath());
        assertEquals(List.of(), large, "split these");
    }

    @Test
    void noStoreFileIsOver400Lines() throws IOException {
        Path store = Path.of("src/main/java/io/anbefal/store");
        List<String> large;
        try (Stream<Path> files = Files.list(store)) {
            large = files.filter(f -> f.toString().endsWith(".java")).filter(f -> lines(f) > 400)
                    .map(f -> f.getFileName() + " (" + lines(f) + " lines)").sorted().toList();
        }
        assertTrue(Files.isDirectory(store), "run from the server module: " + store.toAbsolutePath());
        assertEquals(List.of(), large, "split these");
    }

    /** The store's implementation: the composed face, its JDBC parts and the H2 factory. */
    private static final DescribedPredicate<JavaClass> STORE_IMPLEMENTATION =
            JavaClass.Predicates.resideInAPackage("io.anbefal.store")
                    .and(simpleNameStartingWith("Jdbc").or(simpleName("H2Store")).or(simpleName("Schema"))
                            .or(simpleName("Store")))
                    .as("the whole store or its implementation");

    @Test
    void theTenantsAndTheCatalogKnowOnlyTheirStoreInterfaces() {
        noClasses().that().resideInAnyPackage("io.anbefal.tenant..", "io.anbefal.catalog..")
                .should().dependOnClassesThat(STORE_IMPLEMENTATION)
                .check(classes);
        noClasses().that().haveFullyQualifiedName("io.anbefal.app.GroupCommitter")
                .should().dependOnClassesThat(STORE_IMPLEMENTATION)
                .check(classes);
    }

    @Test
    void onlyH2StoreKnowsH2() {
        noClasses().that().resideInAPackage("io.anbefal..").and().doNotBelongToAnyOf(H2Store.class)
                .should().dependOnClassesThat().resideInAPackage("org.h2..")
                .check(classes);
    }

    private static long lines(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theApplicationImportsNoHttp() {
        noClasses().that().resideInAnyPackage("io.anbefal.app..", "io.anbefal.store..", "io.anbefal.tenant..",
                        "io.anbefal.catalog..", "io.anbefal.miso..")
                .should().dependOnClassesThat().resideInAnyPackage("io.helidon..", "io.anbefal.http..")
                .check(classes);
    }

    @Test
    void theKiboAdapterImportsNeitherHttpNorSql() {
        noClasses().that().resideInAPackage("io.anbefal.kibo..")
                .should().dependOnClassesThat().resideInAnyPackage("io.helidon..", "io.anbefal.http..", "java.sql..",
                        "javax.sql..", "org.h2..")
                .check(classes);
    }

    @Test
    void theMisoDomainAndTheCatalogSearchUseNoSql() {
        noClasses().that().resideInAnyPackage("io.anbefal.miso..", "io.anbefal.catalog..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "org.h2..")
                .check(classes);
    }

    @Test
    void handlersUseNoSql() {
        noClasses().that().resideInAPackage("io.anbefal.http..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "org.h2..")
                .check(classes);
    }
}
