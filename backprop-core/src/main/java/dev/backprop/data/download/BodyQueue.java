package dev.backprop.data.download;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response body handed to the calling thread chunk by chunk, with a limit on how long it waits for
 * the next chunk. {@code BodyHandlers.ofInputStream()} would block forever on a server that stops
 * sending mid-body (the request timeout only covers the headers), so the body is pulled from a queue
 * with a timeout instead. One chunk is requested at a time, so memory stays bounded.
 */
final class BodyQueue implements HttpResponse.BodySubscriber<BodyQueue> {

    private record Chunk(List<ByteBuffer> buffers) {
    }

    private record Failure(Throwable cause) {
    }

    private static final Object END = new Object();

    private final BlockingQueue<Object> items = new LinkedBlockingQueue<>();
    private final Object lock = new Object();
    private Flow.Subscription subscription; // guarded by lock
    private boolean cancelled; // guarded by lock

    @Override
    public void onSubscribe(Flow.Subscription s) {
        boolean cancelNow;
        synchronized (lock) {
            cancelNow = cancelled || subscription != null;
            if (subscription == null) {
                subscription = s;
            }
        }
        if (cancelNow) {
            s.cancel();
        } else {
            s.request(1);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        items.add(new Chunk(buffers));
    }

    @Override
    public void onError(Throwable throwable) {
        items.add(new Failure(throwable));
    }

    @Override
    public void onComplete() {
        items.add(END);
    }

    @Override
    public CompletionStage<BodyQueue> getBody() {
        // Available at once, so HttpClient.send returns as soon as the headers are in.
        return CompletableFuture.completedStage(this);
    }

    /**
     * The next chunk of the body, or null when the body is complete.
     *
     * @throws HttpTimeoutException if nothing arrived within {@code idle}
     * @throws IOException if the transfer failed (e.g. the connection closed before the announced length)
     * @throws InterruptedException if the thread was interrupted while waiting
     */
    List<ByteBuffer> next(Duration idle) throws IOException, InterruptedException {
        Object item = items.poll(idle.toNanos(), TimeUnit.NANOSECONDS);
        if (item == null) {
            throw new HttpTimeoutException("no data received for " + idle.toMillis() + " ms");
        }
        if (item == END) {
            items.add(END); // stay at the end if asked again
            return null;
        }
        if (item instanceof Failure failure) {
            items.add(failure);
            Throwable cause = failure.cause();
            throw cause instanceof IOException io ? io : new IOException(cause.toString(), cause);
        }
        Flow.Subscription s;
        synchronized (lock) {
            s = cancelled ? null : subscription;
        }
        if (s != null) {
            s.request(1);
        }
        return ((Chunk) item).buffers();
    }

    /** Stops the transfer and releases the connection; harmless after the body is complete. */
    void cancel() {
        Flow.Subscription s;
        synchronized (lock) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            s = subscription;
        }
        if (s != null) {
            s.cancel();
        }
    }
}
