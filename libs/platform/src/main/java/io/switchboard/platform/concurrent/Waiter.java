package io.switchboard.platform.concurrent;

import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * A caller waiting for an answer that some shared work (a batch, a lease) will give, answered on its own Vert.x
 * context (its request's) whichever thread finishes that work: what it chains next, such as a Hibernate Reactive
 * session bound to the request's context, runs where it expects.
 */
public record Waiter<T>(Context context, UniEmitter<? super T> emitter) {

    /** The caller on the current context (none outside Vert.x: answered on the finishing thread). */
    public static <T> Waiter<T> of(UniEmitter<? super T> emitter) {
        return new Waiter<>(Vertx.currentContext(), emitter);
    }

    public void complete(T item) {
        onContext(() -> emitter.complete(item));
    }

    public void fail(Throwable failure) {
        onContext(() -> emitter.fail(failure));
    }

    private void onContext(Runnable answer) {
        if (context == null || context == Vertx.currentContext()) {
            answer.run();
        } else {
            context.runOnContext(v -> answer.run());
        }
    }
}
