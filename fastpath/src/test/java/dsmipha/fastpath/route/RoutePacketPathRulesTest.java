package dsmipha.fastpath.route;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The egress stage and its tables are packet path: the fastpath's rules (no locks, heap collections, streams,
 * logging or printing) hold for this package too (the module-wide {@code PacketPathRulesTest} lists the older
 * packages).
 */
class RoutePacketPathRulesTest
{
    private static final String ROUTE = "dsmipha.fastpath.route..";

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses()
    {
        classes = new ClassFileImporter().withImportOption(location -> !location.contains("/test-classes/"))
            .importPackages("dsmipha.fastpath.route");
    }

    @Test
    void noLocks()
    {
        noClasses().that().resideInAPackage(ROUTE)
            .should().dependOnClassesThat().resideInAnyPackage("java.util.concurrent.locks..")
            .check(classes);
    }

    @Test
    void noHeapCollectionsOrStreams()
    {
        noClasses().that().resideInAPackage(ROUTE)
            .should().dependOnClassesThat().haveFullyQualifiedName("java.util.ArrayList")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.HashMap")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.LinkedList")
            .orShould().dependOnClassesThat().resideInAnyPackage("java.util.stream..")
            .check(classes);
    }

    @Test
    void noLoggingOrPrinting()
    {
        noClasses().that().resideInAPackage(ROUTE)
            .should().dependOnClassesThat().resideInAnyPackage("java.util.logging..", "org.slf4j..")
            .orShould().accessField(System.class, "out")
            .orShould().accessField(System.class, "err")
            .check(classes);
    }
}
