package io.insightmesh.catalog.security;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The principals allowed to obtain tokens, and their roles. */
public interface PrincipalStore {

  /** A principal as the admin API shows it; never its secret. */
  record PrincipalInfo(String name, Set<Role> roles, boolean disabled) {
    public PrincipalInfo {
      roles = Set.copyOf(roles);
    }
  }

  /**
   * Creates a principal and returns its new client secret, which is shown only this once.
   *
   * @throws PrincipalAlreadyExistsException if the principal already exists
   */
  String create(String name, Set<Role> roles);

  /** The principal's roles if {@code secret} is its current client secret and it is enabled. */
  Optional<Set<Role>> authenticate(String name, String secret);

  /** The principal, if it exists. */
  Optional<PrincipalInfo> find(String name);

  List<PrincipalInfo> list();

  /**
   * Replaces the principal's roles.
   *
   * @throws NoSuchPrincipalException if the principal does not exist
   */
  void replaceRoles(String name, Set<Role> roles);

  /**
   * Gives the principal a new client secret and returns it, shown only this once; the old one signs
   * in no more. Tokens issued before stay valid until they expire (disable to revoke them).
   *
   * @throws NoSuchPrincipalException if the principal does not exist
   */
  String rotateSecret(String name);

  /**
   * Disables or enables a principal; a disabled principal gets no new tokens.
   *
   * @throws NoSuchPrincipalException if the principal does not exist
   */
  void disable(String name, boolean disabled);
}
