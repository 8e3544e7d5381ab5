package dsmipha.fastpath.icmp;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fastpath's packet-path rules (see {@code dsmipha.fastpath.arch.PacketPathRulesTest}) applied to this package:
 * no locks, no heap collections or streams, no logging or printing. ArchUnit fails a rule that finds no classes,
 * so the package cannot be renamed out from under it.
 */
class IcmpPacketPathRulesTest
{
    private static final String PACKAGE = "dsmipha.fastpath.icmp..";

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses()
    {
        final ImportOption mainClassesOnly = location -> !location.contains("/test-classes/");
        classes = new ClassFileImporter().withImportOption(mainClassesOnly).importPackages("dsmipha.fastpath.icmp");
    }

    @Test
    void noLocks()
    {
        noClasses().that().resideInAPackage(PACKAGE)
            .should().dependOnClassesThat().resideInAnyPackage("java.util.concurrent.locks..")
            .check(classes);
    }

    @Test
    void noHeapCollectionsOrStreams()
    {
        noClasses().that().resideInAPackage(PACKAGE)
            .should().dependOnClassesThat().resideInAnyPackage("java.util.stream..")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.ArrayList")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.HashMap")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.LinkedList")
            .check(classes);
    }

    @Test
    void noLoggingOrPrinting()
    {
        noClasses().that().resideInAPackage(PACKAGE)
            .should().dependOnClassesThat().resideInAnyPackage("java.util.logging..", "org.slf4j..")
            .orShould().accessField(System.class, "out")
            .orShould().accessField(System.class, "err")
            .check(classes);
    }
}
