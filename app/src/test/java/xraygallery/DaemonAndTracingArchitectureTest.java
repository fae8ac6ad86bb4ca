package xraygallery;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The app talks to the daemon only over UDP and TCP; the daemon knows nothing of the app; inside the daemon, ingest
 * and the store meet only in the neutral {@code daemon.segment} package.
 */
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
    static final ArchRule ingestDoesNotKnowTheStore = noClasses()
            .that().resideInAPackage("xraygallery.daemon.ingest..")
            .should().dependOnClassesThat().resideInAPackage("xraygallery.daemon.store..")
            .because("ingest hands documents (daemon.segment) to a SegmentSink; which sinks there are is wiring");

    @ArchTest
    static final ArchRule storeDoesNotKnowIngest = noClasses()
            .that().resideInAPackage("xraygallery.daemon.store..")
            .should().dependOnClassesThat().resideInAPackage("xraygallery.daemon.ingest..")
            .because("the store takes documents of the neutral daemon.segment package, wherever they came from");

    @ArchTest
    static final ArchRule daemonAndTracingLogThroughSlf4j = noClasses()
            .that().resideInAnyPackage("xraygallery.daemon..", "xraygallery.tracing..")
            .should().accessField(System.class, "out")
            .orShould().accessField(System.class, "err")
            .because("they log through SLF4J; only the CLI prints");
}
