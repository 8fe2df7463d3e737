package io.browserstate.redis.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Configures the servers {@link RedisExtension} injects: put it on a parameter, or on the test class
 * for every parameter of the class that has none. Parameters with equal configuration share one
 * server per test class.
 *
 * @since 0.1
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.TYPE})
public @interface RedisConfig {

    /**
     * {@code appendonly yes}: data survives a stop or kill and a start.
     *
     * @return whether the server keeps an append-only file; {@code false} by default
     */
    boolean appendOnly() default false;

    /**
     * {@code appendfsync}: when the append-only file is synced.
     *
     * @return the sync policy; {@code EVERYSEC} by default
     */
    RedisServerOptions.AppendFsync appendFsync() default RedisServerOptions.AppendFsync.EVERYSEC;

    /**
     * {@code requirepass}; empty for none.
     *
     * @return the password clients must give, or an empty string for none
     */
    String password() default "";

    /**
     * Further {@code redis.conf} directives, one per element.
     *
     * @return the directives, e.g. {@code "maxmemory 64mb"}; none by default
     */
    String[] config() default {};

    /**
     * A {@code redis-server} process on this machine, never a container or an external server: for
     * tests that configure TLS or other files and ports of this machine, use
     * {@link RedisServer#dataDirectory()}, or kill the process and start it again.
     *
     * @return whether the server must be a local {@code redis-server} process; {@code false} by default
     */
    boolean local() default false;
}
