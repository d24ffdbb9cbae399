package dev.granary.security;

import dev.granary.config.GranaryConfig;
import dev.granary.registry.RegistryDatabase;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** The security beans of {@code granary serve}: origins, tokens, the access checks and the audit log. */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(SecurityConfiguration.class);

    @Bean
    BrowserOrigins browserOrigins(GranaryConfig config) {
        return new BrowserOrigins(config.server().allowedOrigins());
    }

    @Bean
    TokenStore tokenStore(RegistryDatabase database) {
        return new TokenStore(database.dataSource());
    }

    @Bean
    AuditLog auditLog(RegistryDatabase database) {
        return new AuditLog(database.dataSource());
    }

    @Bean
    Authenticator authenticator(TokenStore tokens, GranaryConfig config, Environment environment) {
        boolean enabled = config.security().enabled();
        String address = environment.getProperty("server.address");
        if (!enabled && !loopback(address)) {
            LOG.warn("SECURITY IS OFF and the server listens on {}: anyone who reaches it can read every feature and"
                    + " change the registry. Set security.enabled: true in granary.yaml (docs/operations.md), or"
                    + " bind to 127.0.0.1 with --server.address=127.0.0.1", address == null ? "every address" : address);
        }
        return new Authenticator(tokens, enabled);
    }

    /** The serving port's door: the same tokens, rules and audit as the main port. */
    @Bean
    ServingGate servingGate(Authenticator authenticator, AuditLog audit) {
        return new ServingGate(authenticator, audit);
    }

    @Bean
    WebMvcConfigurer securityWebConfigurer(BrowserOrigins origins, Authenticator authenticator) {
        return new WebMvcConfigurer() {
            /** The origins of {@code server.allowedOrigins} pass the browser's CORS preflight; no other does. */
            @Override
            public void addCorsMappings(CorsRegistry registry) {
                if (!origins.allowed().isEmpty()) {
                    registry.addMapping("/**").allowedOrigins(origins.allowed().toArray(String[]::new))
                            .allowedMethods("GET", "POST", "PUT", "DELETE")
                            .allowedHeaders("Authorization", "Content-Type", "X-Granary-Author");
                }
            }

            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(new AccessInterceptor(authenticator));
            }
        };
    }

    private static boolean loopback(String address) {
        if (address == null || address.isBlank()) {
            return false;
        }
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
