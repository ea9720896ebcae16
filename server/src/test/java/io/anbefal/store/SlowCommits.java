package io.anbefal.store;

import javax.sql.DataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A data source whose connections wait a random while (up to {@code maxMillis}) before each commit: a transaction
 * that took its log numbers first may then commit after one that took later numbers, if anything lets it.
 */
final class SlowCommits {

    private SlowCommits() {
    }

    static DataSource of(DataSource plain, int maxMillis) {
        return (DataSource) Proxy.newProxyInstance(SlowCommits.class.getClassLoader(), new Class<?>[] {DataSource.class},
                forward(plain, (target, method, args) -> {
                    Object result = method.invoke(target, args);
                    return "getConnection".equals(method.getName()) ? slow((Connection) result, maxMillis) : result;
                }));
    }

    private static Connection slow(Connection c, int maxMillis) {
        return (Connection) Proxy.newProxyInstance(SlowCommits.class.getClassLoader(), new Class<?>[] {Connection.class},
                forward(c, (target, method, args) -> {
                    if ("commit".equals(method.getName())) {
                        Thread.sleep(ThreadLocalRandom.current().nextInt(maxMillis + 1));
                    }
                    return method.invoke(target, args);
                }));
    }

    @FunctionalInterface
    private interface Call {
        Object call(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable;
    }

    private static InvocationHandler forward(Object target, Call call) {
        return (proxy, method, args) -> {
            try {
                return call.call(target, method, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
    }
}
