package dev.granary.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.granary.error.ExitCodes;
import dev.granary.error.StorageException;
import org.junit.jupiter.api.Test;

class RegistryDatabaseTest {
    @Test
    void unreachableDatabaseIsAStorageErrorNamingTheUrlButNotThePassword() {
        assertThatThrownBy(() -> RegistryDatabase.open(
                "jdbc:postgresql://127.0.0.1:1/granary?password=hunter2&connectTimeout=2", "postgres", null))
                .isInstanceOfSatisfying(StorageException.class, e -> {
                    assertThat(e.getMessage()).contains("127.0.0.1:1").contains("registry.url")
                            .doesNotContain("hunter2");
                    assertThat(ExitCodes.of(e)).isEqualTo(ExitCodes.FAILURE);
                    assertThat(e.httpStatus()).isEqualTo(503);
                });
    }

    @Test
    void h2UrlsGetThePostgresModeOptionsOnce() {
        String url = RegistryDatabase.withDialectOptions("jdbc:h2:mem:x;MODE=PostgreSQL");

        assertThat(url).startsWith("jdbc:h2:mem:x;MODE=PostgreSQL")
                .contains(";DATABASE_TO_LOWER=TRUE").contains(";DEFAULT_NULL_ORDERING=HIGH");
        assertThat(url.indexOf("MODE=")).isEqualTo(url.lastIndexOf("MODE="));
        assertThat(RegistryDatabase.withDialectOptions("jdbc:postgresql://h/db")).isEqualTo("jdbc:postgresql://h/db");
    }
}
