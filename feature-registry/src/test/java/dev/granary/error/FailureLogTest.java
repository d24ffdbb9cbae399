package dev.granary.error;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class FailureLogTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger(FailureLog.class);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @BeforeEach
    void listen() {
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void stop() {
        logger.detachAppender(lines);
    }

    @Test
    void aDependencyDownIsLoggedOnceInAWhileWithoutItsStackTrace() {
        for (int i = 0; i < 200; i++) {
            FailureLog.failed(new StorageException("Redis at redis://127.0.0.1:6379 did not answer", null));
        }
        // at most one line in a burst (none when another test logged one in the last seconds)
        assertThat(lines.list).hasSizeLessThanOrEqualTo(1);
        assertThat(lines.list).allSatisfy(line -> assertThat(line.getThrowableProxy()).isNull());
    }

    @Test
    void anyOtherServerFailureIsLoggedEachTimeWithItsStackTrace() {
        for (int i = 0; i < 3; i++) {
            FailureLog.failed(new GranaryException("INTERNAL_ERROR", 500, ExitCodes.FAILURE, null, "a bug " + i,
                    new IllegalStateException("cause")) { });
        }
        assertThat(lines.list).hasSize(3);
        assertThat(lines.list).allSatisfy(line -> assertThat(line.getThrowableProxy()).isNotNull());
    }

    @Test
    void refusalsOfBadInputAreNotTheServersToLog() {
        FailureLog.failed(new BadRequestException("limit", "limit is 0"));
        assertThat(lines.list).isEmpty();
    }

    @Test
    void aBackgroundTaskLogsEveryFailureNamingTheTaskAndARefusalWithoutItsStackTrace() {
        FailureLog.background("Scheduled health check of feature service 'ranking'",
                new NotFoundException("reference", "The file of training set 't1' is gone"));
        FailureLog.background("Scheduled health check of feature service 'ranking'",
                new IllegalStateException("a bug"));
        assertThat(lines.list).hasSize(2);
        assertThat(lines.list.get(0).getFormattedMessage())
                .isEqualTo("Scheduled health check of feature service 'ranking' failed: The file of training set 't1'"
                        + " is gone");
        assertThat(lines.list.get(0).getThrowableProxy()).isNull();
        assertThat(lines.list.get(1).getFormattedMessage()).contains("'ranking' failed: a bug");
        assertThat(lines.list.get(1).getThrowableProxy()).isNotNull();
    }
}
