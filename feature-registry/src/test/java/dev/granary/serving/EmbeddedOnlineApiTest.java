package dev.granary.serving;

import dev.granary.server.GranaryServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The online API on the embedded store (the no-server default under {@code .granary/online}). */
@SpringBootTest(classes = GranaryServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EmbeddedOnlineApiTest extends OnlineApiContract {
    private static final OnlineTestRepo REPO = OnlineTestRepo.create(temporaryFolder(),
            "embedded_" + UUID.randomUUID().toString().substring(0, 8), 200, 10, null);

    @DynamicPropertySource
    static void repository(DynamicPropertyRegistry properties) {
        properties.add(GranaryServer.REPO_PROPERTY, () -> REPO.dir().toString());
    }

    @Override
    public OnlineTestRepo repo() {
        return REPO;
    }

    static Path temporaryFolder() {
        try {
            Path dir = Files.createTempDirectory("granary-online-api");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
