package xraygallery;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The trace panel's core reads the daemon only through the X-Ray API, and stays free of the GUI. */
@AnalyzeClasses(packages = "xraygallery", importOptions = ImportOption.DoNotIncludeTests.class)
class TraceviewArchitectureTest {

    @ArchTest
    static final ArchRule traceviewStandsAlone = noClasses()
            .that().resideInAPackage("xraygallery.traceview..")
            .should().dependOnClassesThat().resideInAnyPackage("xraygallery.daemon..", "xraygallery.localcloud..",
                    "xraygallery.ui..", "javafx..")
            .because("the panel reads the daemon (or AWS) over the X-Ray API, and a view-model builds on it");

    @ArchTest
    static final ArchRule onlyTheAdapterSeesTheSdk = noClasses()
            .that().resideInAPackage("xraygallery.traceview..")
            .and().doNotHaveSimpleName("XRayTraceSource")
            .and().doNotHaveSimpleName("XRayErrors")
            .should().dependOnClassesThat().resideInAnyPackage("software.amazon.awssdk..", "com.amazonaws..")
            .because("the port and the analyses hand the panel its own records, never SDK types");

    @ArchTest
    static final ArchRule traceviewLogsThroughSlf4j = noClasses()
            .that().resideInAPackage("xraygallery.traceview..")
            .should().accessField(System.class, "out")
            .orShould().accessField(System.class, "err")
            .because("it logs through SLF4J");
}
