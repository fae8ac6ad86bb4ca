package xraygallery.ui.signin;

import java.util.Arrays;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableBooleanValue;
import xraygallery.photos.User;
import xraygallery.ui.common.BackgroundTask;
import xraygallery.ui.common.ErrorMessages;
import xraygallery.ui.common.TaskExecutor;

/**
 * Sign in, or create an account, with the photo service's own messages. Both need the database: while it is not
 * available the form says so and offers to start it.
 */
public final class SignInViewModel {
    private final AccountService accounts;
    private final TaskExecutor tasks;
    private final Consumer<User> signedIn;
    private final ObservableBooleanValue databaseAvailable;
    private final StringProperty userName = new SimpleStringProperty("");
    private final StringProperty password = new SimpleStringProperty("");
    private final StringProperty repeatedPassword = new SimpleStringProperty("");
    private final BooleanProperty creatingAccount = new SimpleBooleanProperty();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final BooleanBinding canSubmit;

    /**
     * @param databaseAvailable whether the database is available now
     * @param signedIn called on the UI thread with the account once signed in (or created)
     */
    public SignInViewModel(AccountService accounts, ObservableBooleanValue databaseAvailable, TaskExecutor tasks,
            Consumer<User> signedIn) {
        this.accounts = accounts;
        this.databaseAvailable = databaseAvailable;
        this.tasks = tasks;
        this.signedIn = signedIn;
        this.canSubmit = Bindings.createBooleanBinding(
                () -> !busy.get() && !userName.get().isBlank() && !password.get().isEmpty()
                        && (!creatingAccount.get() || !repeatedPassword.get().isEmpty()),
                busy, userName, password, repeatedPassword, creatingAccount);
        creatingAccount.addListener((o, was, now) -> message.set(""));
    }

    /** Signs in, or creates the account and signs in; the password fields are cleared either way. */
    public void submit() {
        if (!canSubmit.get()) {
            return;
        }
        if (!databaseAvailable.get()) {
            message.set("The database must be available to " + (creatingAccount.get() ? "create an account" : "sign in")
                    + ". Start it above, then try again.");
            return;
        }
        String name = userName.get().strip();
        char[] secret = password.get().toCharArray();
        boolean create = creatingAccount.get();
        if (create && !password.get().equals(repeatedPassword.get())) {
            message.set("The two passwords differ.");
            Arrays.fill(secret, '\0');
            return;
        }
        password.set("");
        repeatedPassword.set("");
        message.set("");
        busy.set(true);
        BackgroundTask.of(() -> {
            try {
                return create ? accounts.signUp(name, secret) : accounts.signIn(name, secret);
            } finally {
                Arrays.fill(secret, '\0');
            }
        })
                .onSuccess(user -> {
                    creatingAccount.set(false);
                    signedIn.accept(user);
                })
                .onFailure(error -> message.set(ErrorMessages.describe(error)))
                .onFinished(() -> busy.set(false))
                .executeWith(tasks);
    }

    public StringProperty userNameProperty() {
        return userName;
    }

    public StringProperty passwordProperty() {
        return password;
    }

    /** The password typed again, when creating an account. */
    public StringProperty repeatedPasswordProperty() {
        return repeatedPassword;
    }

    /** True: the form creates an account; false: it signs in. */
    public BooleanProperty creatingAccountProperty() {
        return creatingAccount;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** What went wrong, in the service's words, or empty. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public BooleanBinding canSubmitProperty() {
        return canSubmit;
    }

    public ObservableBooleanValue databaseAvailableProperty() {
        return databaseAvailable;
    }
}
