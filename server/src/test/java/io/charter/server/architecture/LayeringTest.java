package io.charter.server.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.charter.server.domain.Directory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The layering the code keeps, checked on its compiled classes (ArchUnit): each package may depend
 * only on the packages its row of the table in docs/ARCHITECTURE.md ("Modules") names, and on the
 * JDK and the libraries named here; a rule broken fails the build, naming the classes and the
 * dependency. A new package fails {@link #everyServerPackageHasItsRow} until it is given its row.
 */
class LayeringTest {
    private static final String SERVER = "io.charter.server";
    private static final String[] JDK = {"java..", "javax.crypto..", "javax.imageio..", "javax.net.."};
    private static final String JACKSON = "com.fasterxml.jackson..";

    /** What each server package may depend on besides itself, the JDK and the policy library. */
    private static final Map<String, List<String>> ALLOWED = Map.ofEntries(
            Map.entry("admin", operations()),
            Map.entry("cloudtrail", List.of("audit", "auth", "error", "identity", "protocol", "service", "token")),
            Map.entry("ec2", operations()),
            Map.entry("iam", operations()),
            Map.entry("organizations", operations()),
            Map.entry("sts", operations()),
            Map.entry("service", List.of("auth", "error", "protocol", "token", "identity")),
            Map.entry("http", List.of("audit", "auth", "error", "identity", "protocol", "s3", "service",
                    "io.charter.sigv4..", "io.helidon..")),
            Map.entry("s3", List.of("audit", "auth", "domain", "error", "identity", "io.charter.sigv4..", "io.helidon..",
                    "org.apache.hc..", "javax.xml..", "org.w3c.dom..", JACKSON)),
            Map.entry("audit", List.of("auth", "error", "identity", "protocol", "store", "token", JACKSON)),
            Map.entry("auth", List.of("domain", "error", "identity", "token", "io.charter.sigv4..", JACKSON)),
            Map.entry("protocol", List.of("error", JACKSON)),
            Map.entry("domain", List.of("crypto", "error", "identity", "mfa", "store", "token")),
            Map.entry("identity", List.of()),
            Map.entry("error", List.of("identity")),
            Map.entry("store", List.of("files", "identity", "javax.sql..", "org.sqlite..", "org.postgresql..",
                    "com.zaxxer.hikari..", "org.flywaydb..")),
            Map.entry("token", List.of("crypto", "identity", "store")),
            Map.entry("crypto", List.of("files")),
            Map.entry("files", List.of()),
            Map.entry("mfa", List.of()),
            Map.entry("config", List.of("store")),
            Map.entry("metadata", List.of("crypto", "files", "io.charter.sigv4..", "io.helidon..", "com.sun.jna..",
                    JACKSON)),
            Map.entry("cli", List.of("audit", "config", "crypto", "domain", "files", "identity", "metadata", "store",
                    "io.charter.sigv4..", "picocli..", JACKSON, SERVER)));

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.charter.policy", "io.charter.sigv4", SERVER);
    }

    /** The operations of a service see the request, the domain layer, the state and the wire values. */
    private static List<String> operations() {
        return List.of("auth", "domain", "error", "identity", "mfa", "protocol", "service", "token", JACKSON);
    }

    static Stream<String> serverPackages() {
        return ALLOWED.keySet().stream().sorted();
    }

    @ParameterizedTest
    @MethodSource("serverPackages")
    void eachPackageDependsOnlyOnWhatItsRowAllows(String name) {
        List<String> allowed = new ArrayList<>(List.of(JDK));
        allowed.add(SERVER + "." + name + "..");
        allowed.add("io.charter.policy..");
        for (String other : ALLOWED.get(name)) {
            allowed.add(other.contains(".") ? other : SERVER + "." + other + "..");
        }
        classes().that().resideInAPackage(SERVER + "." + name + "..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(allowed.toArray(String[]::new))
                .check(classes);
    }

    @Test
    void everyServerPackageHasItsRow() {
        classes().that().resideInAPackage(SERVER + "..").and().resideOutsideOfPackage(SERVER)
                .should().resideInAnyPackage(ALLOWED.keySet().stream().map(p -> SERVER + "." + p + "..")
                        .toArray(String[]::new))
                .because("a new package is placed in a layer: give it its row in ALLOWED and in ARCHITECTURE.md")
                .check(classes);
    }

    @Test
    void onlyTheStoreTheDomainLayerAndTheKeysSeeSql() {
        // The audit trail reaches its tables through store.AuditRepository; it sees no SQL either.
        noClasses().that().resideOutsideOfPackages(SERVER + ".store..", SERVER + ".domain..", SERVER + ".token..",
                        SERVER)
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..")
                .because("operations state intent; the domain layer owns each transaction")
                .check(classes);
    }

    @Test
    void theLibrariesUseTheJdkAndJacksonOnly() {
        classes().that().resideInAPackage("io.charter.policy..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.charter.policy..",
                        "com.fasterxml.jackson.core..")
                .because("policy is a library another Java service embeds")
                .check(classes);
        classes().that().resideInAPackage("io.charter.sigv4..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "javax.crypto..", "io.charter.sigv4..")
                .because("sigv4 is a library another Java service embeds")
                .check(classes);
    }

    @Test
    void onlyTheEndpointAndTheDomainLayerReadTheLatestSnapshot() {
        noClasses().that().resideOutsideOfPackages(SERVER + ".http..", SERVER + ".domain..", SERVER)
                .should().callMethod(Directory.class, "snapshot")
                .orShould().callMethod(Directory.class, "current")
                .because("a request reads the one snapshot pinned for it (OperationContext.snapshot())")
                .check(classes);
    }

    @Test
    void theServerPackagesHaveNoCycles() {
        slices().matching(SERVER + ".(*)..").should().beFreeOfCycles().check(classes);
    }
}
