package dev.granary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CommandLoggingTest {
    @AfterEach
    void clearProperty() {
        System.clearProperty(CommandLogging.PROPERTY);
    }

    @Test
    void aCommandLogsWarningsAndErrorsOnlyAndHadoopsErrorsOnly() {
        System.setProperty(CommandLogging.PROPERTY, "command");
        LoggerContext context = new LoggerContext();

        assertThat(new CommandLogging().configure(context)).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        assertThat(context.getLogger("dev.granary.registry.Anything").getEffectiveLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("org.apache.hadoop.fs.FileSystem").getEffectiveLevel()).isEqualTo(Level.ERROR);
        assertThat(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("STDERR")).isNotNull();
    }

    @Test
    void aLineIsTheLevelTheLoggersSimpleNameAndTheMessage() {
        LoggerContext context = new LoggerContext();
        LoggingEvent event = new LoggingEvent(CommandLoggingTest.class.getName(),
                context.getLogger("dev.granary.serving.LookupCounters"), Level.WARN, "kept {} counts", null,
                new Object[] {3});

        assertThat(new CommandLogging.Line().doLayout(event)).isEqualTo("WARN LookupCounters: kept 3 counts"
                + System.lineSeparator());
    }

    @Test
    void leavesLoggingToLogbackWhenNotACommandOrWhenAFileIsNamed() {
        LoggerContext context = new LoggerContext();
        assertThat(new CommandLogging().configure(context)).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);

        System.setProperty(CommandLogging.PROPERTY, "command");
        System.setProperty("logback.configurationFile", "mine.xml");
        try {
            assertThat(new CommandLogging().configure(context)).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
        } finally {
            System.clearProperty("logback.configurationFile");
        }
        assertThat(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("STDERR")).isNull();
    }
}
