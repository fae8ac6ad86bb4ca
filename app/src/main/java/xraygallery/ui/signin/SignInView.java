package xraygallery.ui.signin;

import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import xraygallery.ui.common.ViewLoader;

/**
 * The sign-in card: user name (focused when shown), Tab to the password, Enter submits, so a person or a script
 * signs in from the keyboard alone. "Create an account" turns it into the sign-up form.
 */
public final class SignInView {
    private final SignInViewModel viewModel;
    private final Runnable startDatabase;
    private final StackPane root;

    @FXML
    private Label title;
    @FXML
    private TextField userName;
    @FXML
    private PasswordField password;
    @FXML
    private VBox repeatBox;
    @FXML
    private PasswordField repeatedPassword;
    @FXML
    private Button submit;
    @FXML
    private Hyperlink switchMode;
    @FXML
    private Label message;
    @FXML
    private VBox databaseHint;
    @FXML
    private Button startDatabaseButton;

    /** @param startDatabase what the hint's button does: starts the database */
    public SignInView(SignInViewModel viewModel, Runnable startDatabase) {
        this.viewModel = viewModel;
        this.startDatabase = startDatabase;
        this.root = ViewLoader.load(this, "SignIn.fxml");
    }

    @FXML
    private void initialize() {
        userName.textProperty().bindBidirectional(viewModel.userNameProperty());
        password.textProperty().bindBidirectional(viewModel.passwordProperty());
        repeatedPassword.textProperty().bindBidirectional(viewModel.repeatedPasswordProperty());
        repeatBox.visibleProperty().bind(viewModel.creatingAccountProperty());
        repeatBox.managedProperty().bind(viewModel.creatingAccountProperty());
        title.textProperty().bind(Bindings.when(viewModel.creatingAccountProperty())
                .then("Create your account").otherwise("Sign in to X-Ray Gallery"));
        submit.textProperty().bind(Bindings.when(viewModel.creatingAccountProperty())
                .then("Create account").otherwise("Sign in"));
        switchMode.textProperty().bind(Bindings.when(viewModel.creatingAccountProperty())
                .then("I already have an account").otherwise("Create an account"));
        submit.disableProperty().bind(viewModel.canSubmitProperty().not());
        submit.setDefaultButton(true);
        message.textProperty().bind(viewModel.messageProperty());
        message.visibleProperty().bind(viewModel.messageProperty().isNotEmpty());
        message.managedProperty().bind(message.visibleProperty());
        databaseHint.visibleProperty().bind(Bindings.createBooleanBinding(
                () -> !viewModel.databaseAvailableProperty().get(), viewModel.databaseAvailableProperty()));
        databaseHint.managedProperty().bind(databaseHint.visibleProperty());
        // Enter moves on to the next empty field, or submits once all are filled
        userName.setOnAction(e -> {
            e.consume();
            submitOrNext();
        });
        password.setOnAction(e -> {
            e.consume();
            submitOrNext();
        });
        repeatedPassword.setOnAction(e -> {
            e.consume();
            submitOrNext();
        });
        userName.sceneProperty().addListener((o, old, scene) -> {
            if (scene != null) {
                Platform.runLater(userName::requestFocus);
            }
        });
    }

    private void submitOrNext() {
        if (viewModel.userNameProperty().get().isBlank()) {
            userName.requestFocus();
        } else if (viewModel.passwordProperty().get().isEmpty()) {
            password.requestFocus();
        } else if (viewModel.creatingAccountProperty().get() && viewModel.repeatedPasswordProperty().get().isEmpty()) {
            repeatedPassword.requestFocus();
        } else {
            viewModel.submit();
        }
    }

    @FXML
    private void submit() {
        viewModel.submit();
    }

    @FXML
    private void switchMode() {
        viewModel.creatingAccountProperty().set(!viewModel.creatingAccountProperty().get());
        userName.requestFocus();
    }

    @FXML
    private void startDatabase() {
        startDatabase.run();
    }

    /** Puts the focus in the user-name field. */
    public void focus() {
        userName.requestFocus();
    }

    public StackPane root() {
        return root;
    }
}
