package io.qmkdc.load;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.AskPattern;
import java.time.Duration;

/** The load driver's blocking asks and waits, from its own thread (never an actor's). */
final class DriverAsks {
    private DriverAsks() {
    }

    static <Q, R> R ask(ActorSystem<?> system, ActorRef<Q> to, akka.japi.function.Function<ActorRef<R>, Q> message,
            Duration timeout) {
        try {
            return AskPattern.ask(to, message, timeout, system.scheduler()).toCompletableFuture().get();
        } catch (Exception e) {
            throw new IllegalStateException("no answer from " + to.path().name() + ": " + e.getMessage(), e);
        }
    }

    static void awaitUntil(long ms, java.util.function.BooleanSupplier ok, String what) {
        long deadline = System.nanoTime() + ms * 1_000_000L;
        while (!ok.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + ms / 1000 + " s waiting for " + what);
            }
            sleep(200);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
