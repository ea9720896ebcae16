package io.anbefal.store;

/**
 * A user of a service for HTTP basic auth, with the salted slow hash of the password.
 *
 * @param service    the service the user belongs to
 * @param user       the user name
 * @param hash       the encoded password hash (see {@code io.anbefal.tenant.Passwords})
 */
public record UserCredential(String service, String user, String hash) {
}
