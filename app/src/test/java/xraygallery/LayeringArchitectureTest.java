package xraygallery;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Packages point one way: cli → photos → cloud; the local cloud is a separate program. */
@AnalyzeClasses(packages = "xraygallery", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringArchitectureTest {

    @ArchTest
    static final ArchRule useCasesSeeNoSdkTypes = noClasses()
            .that().resideInAPackage("xraygallery.photos..")
            .should().dependOnClassesThat().resideInAnyPackage("software.amazon.awssdk..", "com.amazonaws..")
            .because("use-cases talk to clouds through the ports in xraygallery.cloud");

    @ArchTest
    static final ArchRule useCasesDoNotReachUp = noClasses()
            .that().resideInAPackage("xraygallery.photos..")
            .should().dependOnClassesThat().resideInAnyPackage("xraygallery.cli..", "xraygallery.ui..",
                    "xraygallery.localcloud..", "xraygallery.tracing..", "xraygallery.daemon..")
            .because("photos are wired by their callers, and traced through the ActionTracing port");

    @ArchTest
    static final ArchRule adaptersDoNotKnowUseCases = noClasses()
            .that().resideInAPackage("xraygallery.cloud..")
            .should().dependOnClassesThat().resideInAnyPackage("xraygallery.photos..", "xraygallery.cli..",
                    "xraygallery.ui..", "xraygallery.localcloud..")
            .because("the cloud package is ports and AWS adapters only");

    @ArchTest
    static final ArchRule localCloudIsItsOwnProgram = noClasses()
            .that().resideInAPackage("xraygallery.localcloud..")
            .should().dependOnClassesThat().resideInAnyPackage("xraygallery.photos..", "xraygallery.cloud..",
                    "xraygallery.ui..", "xraygallery.cli..", "xraygallery.tracing..", "xraygallery.daemon..")
            .because("the local cloud stands in for AWS: it knows nothing of the app");

    @ArchTest
    static final ArchRule onlyTheHttpAdapterKnowsJetty = noClasses()
            .that().resideInAPackage("xraygallery..")
            .and().doNotHaveSimpleName("CloudHttpServer").and().doNotHaveSimpleName("CloudHttpHandler")
            .and().doNotHaveSimpleName("CloudResponse").and().doNotHaveSimpleName("MalformedRequestAnswer")
            .and().doNotHaveSimpleName("RawTargetConnectionFactory")
            .and().doNotHaveSimpleName("RawTargetConnection")
            .should().dependOnClassesThat().resideInAnyPackage("org.eclipse.jetty..")
            .because("services, SigV4 and the dispatcher see requests and answers as the local cloud's own types;"
                    + " the HTTP server is swappable behind a few classes");
}
