package xraygallery.ui.signin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import xraygallery.photos.User;
import xraygallery.ui.common.CurrentThreadTaskExecutor;
import xraygallery.ui.common.Theme;

/** The sign-in card on Monocle: focus, Tab and Enter get a person (or a script) signed in from the keyboard. */
@ExtendWith(ApplicationExtension.class)
class SignInViewTest {
    private final List<String> attempts = new ArrayList<>();
    private final List<User> signedIn = new ArrayList<>();
    private final SimpleBooleanProperty databaseAvailable = new SimpleBooleanProperty(true);

    @Start
    void start(Stage stage) {
        Theme.LIGHT.apply();
        SignInViewModel viewModel = new SignInViewModel(FakeAccounts.accepting("alice", "correct horse", attempts),
                databaseAvailable, new CurrentThreadTaskExecutor(), signedIn::add);
        SignInView view = new SignInView(viewModel, () -> databaseAvailable.set(true));
        stage.setScene(new Scene(view.root(), 500, 600));
        stage.show();
    }

    @Test
    void theUserNameHasTheFocus_tabGoesToThePassword_andEnterSignsIn(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#userName").queryAs(TextField.class).isFocused()).isTrue();

        robot.write("alice").type(KeyCode.TAB).write("correct horse").type(KeyCode.ENTER);

        assertThat(attempts).containsExactly("sign_in alice");
        assertThat(signedIn).extracting(User::name).containsExactly("alice");
    }

    @Test
    void aWrongPassword_showsTheServicesMessage_andClearsThePassword(FxRobot robot) {
        robot.clickOn("#userName").write("alice").type(KeyCode.TAB).write("wrong one!").type(KeyCode.ENTER);

        assertThat(robot.lookup("#signInMessage").queryAs(Label.class).getText()).isEqualTo("Wrong user name or password.");
        assertThat(robot.lookup("#password").queryAs(TextField.class).getText()).isEmpty();
        assertThat(signedIn).isEmpty();
    }

    @Test
    void withTheDatabaseStopped_theFormSaysSo_andOffersToStartIt(FxRobot robot) {
        robot.interact(() -> databaseAvailable.set(false));
        assertThat(robot.lookup("#databaseHint").query().isVisible()).isTrue();

        robot.clickOn("#userName").write("alice").type(KeyCode.TAB).write("correct horse").type(KeyCode.ENTER);
        assertThat(robot.lookup("#signInMessage").queryAs(Label.class).getText())
                .contains("The database must be available to sign in");
        assertThat(attempts).isEmpty();

        robot.clickOn("#startDatabaseFromSignIn");
        assertThat(databaseAvailable.get()).isTrue();
        assertThat(robot.lookup("#databaseHint").query().isVisible()).isFalse();
    }
}
