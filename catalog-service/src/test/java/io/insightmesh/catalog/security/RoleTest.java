package io.insightmesh.catalog.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class RoleTest {
  @Test
  void parsesPlatformRoles() {
    assertThat(Role.parse(" Analyst ")).isEqualTo(Role.ANALYST);
    assertThat(Role.parse("domain-owner:claims").ownedDomain()).contains("claims");
    assertThat(Role.ADMIN.ownedDomain()).isEmpty();
  }

  @Test
  void refusesUnknownRolesNamingTheRule() {
    assertThatThrownBy(() -> Role.parse("superuser"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Invalid role 'superuser': must be one of");
    assertThatThrownBy(() -> Role.parse("domain-owner:Claims/../risk"))
        .hasMessageContaining("domain-owner:<domain>");
  }

  @Test
  void aDomainOwnerOwnsOnlyItsDomain() {
    Caller team = new Caller("claims-team", Set.of(Role.domainOwner("claims")));
    assertThat(team.ownsDomain("claims")).isTrue();
    assertThat(team.ownsDomain("risk")).isFalse();
    assertThat(team.isAdmin()).isFalse();
  }
}
