package io.anbefal.crec;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.anbefal.crec.core.Text;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Keeps the script's layers apart: the core is plain Java that runs on the JVM, and what touches the browser
 * (TeaVM's JSO) stays in {@code io.anbefal.crec.browser}.
 */
class ArchitectureTest {

    static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.anbefal.crec");
    }

    @Test
    void theCoreKnowsNeitherTheBrowserNorTeaVM() {
        noClasses().that().resideInAPackage("io.anbefal.crec.core..")
                .should().dependOnClassesThat().resideInAnyPackage("org.teavm..", "io.anbefal.crec.browser..",
                        "io.anbefal.crec.build..")
                .check(classes);
    }

    @Test
    void onlyTheBrowserPackageUsesJso() {
        noClasses().that().resideOutsideOfPackage("io.anbefal.crec.browser..")
                .should().dependOnClassesThat().resideInAPackage("org.teavm.jso..")
                .check(classes);
    }

    /**
     * What the script links of the core uses only {@code java.lang} and no StringBuilder (also not through string
     * concatenation, which is {@code java.lang.invoke}): collections and the class library's text work cost
     * kilobytes of the size budget (docs/crec.md). {@link Text#JVM}, which the script never links, is exempt.
     */
    @Test
    void theCoreUsesNothingHeavyOfTheClassLibrary() {
        noClasses().that().resideInAPackage("io.anbefal.crec.core..").and(not(equivalentTo(Text.JVM.getClass())))
                .should().dependOnClassesThat(resideOutsideOfPackages("java.lang", "io.anbefal.crec.core")
                        .or(type(StringBuilder.class)))
                .check(classes);
    }
}
