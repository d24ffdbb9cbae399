package dev.granary.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.nio.charset.StandardCharsets;

/**
 * The logging of a command (every one but {@code granary serve}, which keeps Spring Boot's): warnings and errors
 * only, on stderr as {@code LEVEL Logger: message}, so stdout carries just the command's output; Hadoop's and
 * Parquet's warnings are left out. Logback finds this class through {@code META-INF/services} and uses it when
 * {@link GranaryCommand#main} sets {@value #PROPERTY}; built in code, it spares every command logback's XML
 * configuration (a SAX parser and its model), about a tenth of a short command's start-up.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class CommandLogging extends ContextAwareBase implements Configurator {
    /** The system property that selects this configuration ({@code command}). */
    static final String PROPERTY = "granary.logging";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (!"command".equals(System.getProperty(PROPERTY))
                || System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        Line layout = new Line();
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.setLayout(layout);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(stderr);
        context.getLogger("org.apache.hadoop").setLevel(Level.ERROR);
        context.getLogger("org.apache.parquet").setLevel(Level.ERROR);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** {@code LEVEL Logger: message}, then the stack trace of an exception logged with it. */
    static final class Line extends LayoutBase<ILoggingEvent> {
        @Override
        public String doLayout(ILoggingEvent event) {
            String logger = event.getLoggerName();
            StringBuilder line = new StringBuilder(128).append(event.getLevel()).append(' ')
                    .append(logger.substring(logger.lastIndexOf('.') + 1)).append(": ")
                    .append(event.getFormattedMessage()).append(CoreConstants.LINE_SEPARATOR);
            if (event.getThrowableProxy() != null) {
                line.append(ThrowableProxyUtil.asString(event.getThrowableProxy())).append(CoreConstants.LINE_SEPARATOR);
            }
            return line.toString();
        }
    }
}
