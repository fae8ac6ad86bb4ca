package xraygallery.ui.signin;

import xraygallery.photos.Accounts;
import xraygallery.photos.User;

/** What the sign-in form asks of the photo service; {@link #of} adapts the real use-case, tests pass a fake. */
public interface AccountService {
    /** Signs in; a {@code GalleryException} says why not. */
    User signIn(String name, char[] password);

    /** Creates the account; a {@code GalleryException} says why not. */
    User signUp(String name, char[] password);

    static AccountService of(Accounts accounts) {
        return new AccountService() {
            @Override
            public User signIn(String name, char[] password) {
                return accounts.signIn(name, password);
            }

            @Override
            public User signUp(String name, char[] password) {
                return accounts.signUp(name, password);
            }
        };
    }
}
