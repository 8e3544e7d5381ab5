package dsmipha.fastpath.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packet path's classes (codecs, packet I/O, worker stages, punt writer, binding table, encap, decap) keep to the
 * fastpath's rules: no locks, no heap collections or streams, no logging or printing. These rules fail the build
 * when such a dependency creeps in (ArchUnit also fails a rule whose classes it cannot find, so a renamed package
 * cannot make them pass vacuously). Allocation itself is proved by {@code WorkerAllocationTest}.
 */
class PacketPathRulesTest
{
    private static final String[] PACKET_PATH =
    {
        "dsmipha.common.codec..", "dsmipha.fastpath.io..", "dsmipha.fastpath.worker..", "dsmipha.fastpath.punt..",
        "dsmipha.fastpath.binding..", "dsmipha.fastpath.encap..", "dsmipha.fastpath.decap..",
        "dsmipha.fastpath.icmp..", "dsmipha.fastpath.route.."
    };

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses()
    {
        // Main classes only, whatever the build folder is called (ArchUnit's DO_NOT_INCLUDE_TESTS only knows
        // target/test-classes, and builds may use -Ddsmipha.target=target-NAME).
        final ImportOption mainClassesOnly = location -> !location.contains("/test-classes/");
        classes = new ClassFileImporter().withImportOption(mainClassesOnly)
            .importPackages("dsmipha.common.codec", "dsmipha.fastpath");
    }

    @Test
    void noLocksOnThePacketPath()
    {
        noClasses().that().resideInAnyPackage(PACKET_PATH)
            .should().dependOnClassesThat().resideInAnyPackage("java.util.concurrent.locks..")
            .check(classes);
    }

    @Test
    void noHeapCollectionsOrStreamsOnThePacketPath()
    {
        noClasses().that().resideInAnyPackage(PACKET_PATH)
            .should().dependOnClassesThat().haveFullyQualifiedName("java.util.ArrayList")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.HashMap")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.LinkedList")
            .orShould().dependOnClassesThat().resideInAnyPackage("java.util.stream..")
            .check(classes);
    }

    @Test
    void noLoggingOrPrintingOnThePacketPath()
    {
        noClasses().that().resideInAnyPackage(PACKET_PATH)
            .should().dependOnClassesThat().resideInAnyPackage("java.util.logging..", "org.slf4j..")
            .orShould().accessField(System.class, "out")
            .orShould().accessField(System.class, "err")
            .check(classes);
    }
}
