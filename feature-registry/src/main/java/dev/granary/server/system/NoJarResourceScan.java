package dev.granary.server.system;

import org.apache.catalina.LifecycleListener;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Skips Tomcat's scan of every jar on the class path for {@code META-INF/resources} as the server starts. The scan
 * feeds Tomcat's own resource lookup, which only its default servlet and JSPs use, and the server has neither:
 * Spring MVC serves the web UI's files from the class path itself. With the CLI's ~150 jars the scan opens each
 * one at every start (about 3 % of the start-up thread's CPU in a profile of {@code ./bench cli}'s server).
 */
@Component
class NoJarResourceScan implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {
    /** Spring Boot's listener that runs the scan (a private class of {@link TomcatServletWebServerFactory}). */
    private static final String SCANNING_LISTENER = TomcatServletWebServerFactory.class.getName()
            + "$StaticResourceConfigurer";

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addContextCustomizers(context -> {
            for (LifecycleListener listener : context.findLifecycleListeners()) {
                if (listener.getClass().getName().equals(SCANNING_LISTENER)) {
                    context.removeLifecycleListener(listener);
                }
            }
        });
    }
}
