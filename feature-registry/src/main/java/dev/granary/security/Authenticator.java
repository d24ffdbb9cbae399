package dev.granary.security;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Turns an {@code Authorization} header into a {@link Caller}. With security off every call is
 * {@link Caller#UNCHECKED}. With it on, the secret's SHA-256 is looked up in the registry and the answer kept for
 * {@value #CACHE_MILLIS} ms, so a lookup on the serving port pays a hash and a map read (microseconds), and a token
 * revoked on any instance sharing the registry is refused here within a second. Unknown tokens are cached as such
 * too, so guessing costs the registry nothing; the cache is emptied when it grows past
 * {@value #MAX_CACHED} entries.
 */
public final class Authenticator {
    static final long CACHE_MILLIS = 500;
    static final int MAX_CACHED = 10_000;

    private record Cached(Optional<ApiToken> token, long loadedAt) {
    }

    private final TokenStore store;
    private final boolean enabled;
    private final Clock clock;
    private final long maxAgeNanos;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    public Authenticator(TokenStore store, boolean enabled) {
        this(store, enabled, Clock.systemUTC(), TimeUnit.MILLISECONDS.toNanos(CACHE_MILLIS));
    }

    Authenticator(TokenStore store, boolean enabled, Clock clock, long maxAgeNanos) {
        this.store = store;
        this.enabled = enabled;
        this.clock = requireNonNull(clock, "clock is null");
        this.maxAgeNanos = maxAgeNanos;
        if (enabled) {
            requireNonNull(store, "store is null");
        }
    }

    /** Whether {@code security.enabled} is on. */
    public boolean enabled() {
        return enabled;
    }

    /**
     * The caller of a request with this {@code Authorization} header (null when absent).
     *
     * @throws RequestRefusedException 401 when security is on and the token is missing, unknown, revoked or expired
     */
    public Caller authenticate(String authorization) {
        if (!enabled) {
            return Caller.UNCHECKED;
        }
        if (authorization == null || authorization.isBlank()) {
            throw Refusal.noToken();
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7) || authorization.length() <= 7) {
            throw Refusal.malformed();
        }
        String hash = TokenSecrets.hash(authorization.substring(7).strip());
        long now = System.nanoTime();
        Cached cached = cache.get(hash);
        if (cached == null || now - cached.loadedAt() > maxAgeNanos) {
            if (cache.size() > MAX_CACHED) {
                cache.clear();
            }
            cached = new Cached(store.findByHash(hash), now);
            cache.put(hash, cached);
        }
        ApiToken token = cached.token().orElseThrow(Refusal::unknown);
        if (token.revokedAt().isPresent()) {
            throw Refusal.revoked(token);
        }
        if (!token.activeAt(clock.instant())) {
            throw Refusal.expired(token);
        }
        return Caller.of(token);
    }

    /** Forgets cached tokens (after a change made by this instance, so it shows at once here). */
    public void forget() {
        cache.clear();
    }
}
