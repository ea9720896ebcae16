package io.anbefal.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** Keeps the layers apart: the engine knows neither HTTP nor SQL; the application knows no HTTP; handlers no SQL. */
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
