package io.charter.server.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering the code keeps, checked on its compiled classes (ArchUnit): a rule broken fails the
 * build, naming the classes and the dependency. See "Layers" in docs/ARCHITECTURE.md.
 */
class LayeringTest {
    private static final String SERVER = "io.charter.server..";
    /** The packages of operations: one per service. */
    private static final String[] OPERATIONS = {"io.charter.server.iam..", "io.charter.server.sts..",
        "io.charter.server.organizations..", "io.charter.server.admin.."};

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.charter.policy", "io.charter.sigv4", "io.charter.server");
    }

    @Test
    void theLibrariesImportNothingOfTheServer() {
        noClasses().that().resideInAnyPackage("io.charter.policy..", "io.charter.sigv4..")
                .should().dependOnClassesThat().resideInAPackage(SERVER)
                .because("policy and sigv4 are libraries another Java service embeds")
                .check(classes);
    }

    @Test
    void operationsSeeNeitherSqlNorTheStore() {
        noClasses().that().resideInAnyPackage(OPERATIONS)
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "io.charter.server.store..")
                .because("an operation states intent; the domain layer owns each transaction")
                .check(classes);
    }

    @Test
    void operationsSeeNeitherHttpNorTheWire() {
        noClasses().that().resideInAnyPackage(OPERATIONS)
                .should().dependOnClassesThat().resideInAnyPackage("io.charter.server.http..", "io.helidon..")
                .because("operations are served by the endpoint, and never see HTTP")
                .check(classes);
    }

    @Test
    void theStoreImportsNoOperationsNoHttpAndNoDomain() {
        noClasses().that().resideInAPackage("io.charter.server.store..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        concat(OPERATIONS, "io.charter.server.http..", "io.helidon..", "io.charter.server.service..",
                                "io.charter.server.auth..", "io.charter.server.domain.."))
                .because("the store is SQL and rows, below the domain layer")
                .check(classes);
    }

    @Test
    void theDomainLayerImportsNothingAboveIt() {
        noClasses().that().resideInAPackage("io.charter.server.domain..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        concat(OPERATIONS, "io.charter.server.http..", "io.helidon..", "io.charter.server.service..",
                                "io.charter.server.auth..", "io.charter.server.protocol.."))
                .because("the domain layer serves operations of every wire protocol, and knows none of them")
                .check(classes);
    }

    @Test
    void theSnapshotIsPureState() {
        noClasses().that().resideInAPackage("io.charter.server.identity..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "io.charter.server.store..",
                        "io.charter.server.domain..", "io.charter.server.crypto..", "io.charter.server.token..")
                .because("the snapshot and its values are read by every request without I/O")
                .check(classes);
    }

    @Test
    void theWireCodecsDecideNothing() {
        noClasses().that().resideInAPackage("io.charter.server.protocol..")
                .should().dependOnClassesThat().resideInAnyPackage("io.charter.server.auth..",
                        "io.charter.server.domain..", "io.charter.server.identity..", "io.charter.server.store..",
                        "io.charter.server.service..", "io.charter.policy..")
                .because("a codec turns bytes into values and back, and never makes a decision")
                .check(classes);
    }

    @Test
    void theServerPackagesHaveNoCycles() {
        slices().matching("io.charter.server.(*)..").should().beFreeOfCycles().check(classes);
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = new String[first.length + more.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
