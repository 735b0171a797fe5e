package io.switchboard.notification.ws;

import io.switchboard.notification.config.NotificationConfig;
import java.lang.reflect.Proxy;
import java.time.Duration;

/** Push settings for unit tests that build the hub and its sessions without the application. */
final class PushConfig {

    static NotificationConfig of(int maxQueuedFrames) {
        NotificationConfig.Push push = (NotificationConfig.Push) Proxy.newProxyInstance(
                PushConfig.class.getClassLoader(), new Class<?>[] {NotificationConfig.Push.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "maxQueuedFrames" -> maxQueuedFrames;
                    case "fetchBatch" -> 200;
                    default -> Duration.ofSeconds(5);
                });
        return (NotificationConfig) Proxy.newProxyInstance(PushConfig.class.getClassLoader(),
                new Class<?>[] {NotificationConfig.class}, (proxy, method, args) -> method.getName().equals("push") ? push : null);
    }

    private PushConfig() {
    }
}
