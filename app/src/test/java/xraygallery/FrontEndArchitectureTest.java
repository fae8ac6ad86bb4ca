package xraygallery;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The two front ends (the CLI, the window) share the wiring in {@code app} and know nothing of each other; the
 * window sees no SDK, daemon or local-cloud type; view-models hold no scene graph; packages form no cycles.
 */
@AnalyzeClasses(packages = "xraygallery", importOptions = ImportOption.DoNotIncludeTests.class)
class FrontEndArchitectureTest {

    @ArchTest
    static final ArchRule uiSeesNoSdkDaemonOrLocalCloud = noClasses()
            .that().resideInAPackage("xraygallery.ui..")
            .should().dependOnClassesThat().resideInAnyPackage("software.amazon.awssdk..", "com.amazonaws..",
                    "xraygallery.daemon..", "xraygallery.localcloud..", "xraygallery.cli..")
            .because("the window works through use-cases, the trace view's port and the app's wiring");

    @ArchTest
    static final ArchRule cliDoesNotUseTheWindow = noClasses()
            .that().resideInAPackage("xraygallery.cli..")
            .should().dependOnClassesThat().resideInAnyPackage("xraygallery.ui..", "javafx..")
            .because("the CLI runs on headless machines; it starts the window only by name");

    @ArchTest
    static final ArchRule appKnowsNeitherFrontEnd = noClasses()
            .that().resideInAPackage("xraygallery.app..")
            .should().dependOnClassesThat().resideInAnyPackage("xraygallery.cli..", "xraygallery.ui..", "javafx..")
            .because("app is the wiring both front ends share");

    @ArchTest
    static final ArchRule appUsesOnlyTheDaemonsAddressFormat = noClasses()
            .that().resideInAPackage("xraygallery.app..")
            .should().dependOnClassesThat(DescribedPredicate.describe(
                    "are local-cloud classes, or daemon classes other than DaemonAddresses",
                    (JavaClass c) -> c.getPackageName().startsWith("xraygallery.localcloud")
                            || c.getPackageName().startsWith("xraygallery.daemon")
                            && !c.getName().equals("xraygallery.daemon.DaemonAddresses")))
            .because("the app starts the daemon and the local cloud as processes and talks to them over the wire");

    @ArchTest
    static final ArchRule viewModelsHoldNoSceneGraph = noClasses()
            .that().haveSimpleNameEndingWith("ViewModel")
            .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..", "javafx.stage..")
            .because("view-models are tested without a window: they expose properties and commands only");

    @ArchTest
    static final ArchRule useCasesAndAdaptersSeeNoJavaFx = noClasses()
            .that().resideInAnyPackage("xraygallery.photos..", "xraygallery.cloud..", "xraygallery.tracing..",
                    "xraygallery.traceview..", "xraygallery.app..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..")
            .because("JavaFX belongs to the window only");

    @ArchTest
    static final ArchRule topLevelPackagesAreFreeOfCycles = slices()
            .matching("xraygallery.(*)..")
            .should().beFreeOfCycles();
}
