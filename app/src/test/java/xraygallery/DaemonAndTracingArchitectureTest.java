package xraygallery;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The app talks to the daemon only over UDP and TCP; the daemon knows nothing of the app. */
@AnalyzeClasses(packages = "xraygallery", importOptions = ImportOption.DoNotIncludeTests.class)
class DaemonAndTracingArchitectureTest {

    @ArchTest
    static final ArchRule tracingDoesNotUseDaemonInternals = noClasses()
            .that().resideInAPackage("xraygallery.tracing..")
            .should().dependOnClassesThat().resideInAPackage("xraygallery.daemon..")
            .because("the app reaches the daemon only over UDP and its X-Ray API");

    @ArchTest
    static final ArchRule daemonDoesNotUseTheApp = noClasses()
            .that().resideInAPackage("xraygallery.daemon..")
            .should().dependOnClassesThat().resideInAnyPackage("xraygallery.ui..", "xraygallery.photos..",
                    "xraygallery.cloud..", "xraygallery.traceview..", "xraygallery.tracing..",
                    "xraygallery.localcloud..", "xraygallery.cli..")
            .because("the daemon is a separate program that happens to ship in the same jar");

    @ArchTest
    static final ArchRule daemonAndTracingLogThroughSlf4j = noClasses()
            .that().resideInAnyPackage("xraygallery.daemon..", "xraygallery.tracing..")
            .should().accessField(System.class, "out")
            .orShould().accessField(System.class, "err")
            .because("they log through SLF4J; only the CLI prints");
}
