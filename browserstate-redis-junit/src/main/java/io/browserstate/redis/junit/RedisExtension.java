package io.browserstate.redis.junit;

import java.lang.reflect.Parameter;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a real Redis: declare a parameter of type {@link RedisServer}, {@link RedisCluster} or
 * {@link RedisSentinel} (in a constructor, a lifecycle method or a test method) of a class extended
 * with {@code @ExtendWith(RedisExtension.class)}.
 *
 * <p>One server per outermost test class and configuration: every parameter with an equal
 * {@link RedisConfig} in the class and its {@code @Nested} classes gets the same one, and it is stopped
 * (by the PID this JVM started) when the class is done. A server that a test stopped is started again
 * before it is handed to the next parameter. Where the server comes from is described at
 * {@link TestRedis}; when no Redis can be had, resolution fails with one line that says to
 * {@code apt-get install redis-server}. Tests are never skipped.
 *
 * @since 0.1
 */
public final class RedisExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RedisExtension.class);
    private static final List<Class<?>> TYPES = List.of(RedisServer.class, RedisCluster.class, RedisSentinel.class);

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return TYPES.contains(parameterContext.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Parameter parameter = parameterContext.getParameter();
        Class<?> type = parameter.getType();
        RedisServerOptions options = options(parameterContext, extensionContext);
        String key = type.getName() + " " + options;
        ExtensionContext owner = outermostClassContext(extensionContext);
        Object handle;
        try {
            handle = owner.getStore(NAMESPACE).getOrComputeIfAbsent(key, k -> create(type, options));
        } catch (RuntimeException e) {
            throw new ParameterResolutionException(e.getMessage(), e);
        }
        if (handle instanceof RedisServer server && server.kind() != RedisServer.Kind.EXTERNAL && !server.isRunning()) {
            server.start();
        }
        return handle;
    }

    private static AutoCloseable create(Class<?> type, RedisServerOptions options) {
        if (type == RedisCluster.class) {
            return TestRedis.cluster(options);
        }
        if (type == RedisSentinel.class) {
            return TestRedis.sentinel(options);
        }
        return TestRedis.server(options);
    }

    private static RedisServerOptions options(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Optional<RedisConfig> config = parameterContext.findAnnotation(RedisConfig.class);
        for (Optional<ExtensionContext> c = Optional.of(extensionContext); config.isEmpty() && c.isPresent(); c = c.get().getParent()) {
            config = c.get().getTestClass().flatMap(t -> Optional.ofNullable(t.getAnnotation(RedisConfig.class)));
        }
        return config.map(RedisExtension::toOptions).orElseGet(RedisServerOptions::defaults);
    }

    private static RedisServerOptions toOptions(RedisConfig config) {
        return RedisServerOptions.builder()
                .appendOnly(config.appendOnly())
                .appendFsync(config.appendFsync())
                .password(config.password().isEmpty() ? null : config.password())
                .extraConfig(Arrays.asList(config.config()))
                .localProcess(config.local())
                .build();
    }

    private static ExtensionContext outermostClassContext(ExtensionContext context) {
        ExtensionContext owner = context;
        for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent(); c = c.get().getParent()) {
            ExtensionContext candidate = c.get();
            if (candidate.getTestClass().isPresent() && candidate.getTestMethod().isEmpty()) {
                owner = candidate;
            }
        }
        return owner;
    }
}
