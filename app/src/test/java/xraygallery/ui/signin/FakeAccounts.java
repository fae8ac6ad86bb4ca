package xraygallery.ui.signin;

import java.util.List;
import xraygallery.photos.Accounts.SignInException;
import xraygallery.photos.GalleryException;
import xraygallery.photos.User;

/** One known account; records each attempt as "sign_in NAME" / "sign_up NAME". */
final class FakeAccounts implements AccountService {
    private final String name;
    private final String password;
    private final List<String> attempts;

    private FakeAccounts(String name, String password, List<String> attempts) {
        this.name = name;
        this.password = password;
        this.attempts = attempts;
    }

    static FakeAccounts accepting(String name, String password, List<String> attempts) {
        return new FakeAccounts(name, password, attempts);
    }

    @Override
    public User signIn(String user, char[] secret) {
        attempts.add("sign_in " + user);
        if (user.equals(name) && new String(secret).equals(password)) {
            return new User(1, name);
        }
        throw new SignInException("Wrong user name or password.");
    }

    @Override
    public User signUp(String user, char[] secret) {
        attempts.add("sign_up " + user);
        if (user.equals(name)) {
            throw new GalleryException("The user name '" + user + "' is taken.");
        }
        return new User(2, user);
    }
}
