package net.activationserver.server.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * Group commit on the threads that ask: an item submitted while a batch runs waits in a queue, and when a lane is free
 * one of the waiting threads takes everything queued (up to {@code maxBatch}) and runs it as one batch for all, then
 * hands each thread its own outcome. Nothing waits for a timer: a lone item runs at once, in a batch of one, and
 * items gather only while earlier batches are running, so a batch grows with the load.
 *
 * <p>At most {@code lanes} batches run at once. A thread whose item another thread took waits for that batch and wakes
 * when its outcome is in; when a batch ends, its runner wakes the thread at the head of the queue to lead the next.
 *
 * @param <I> an item
 * @param <O> an item's outcome
 */
public final class GroupCommit<I, O> {

    /** How long a waiting thread sleeps before it looks again by itself (a missed wake-up costs at most this). */
    private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final int maxBatch;
    private final Semaphore lanes;
    private final Queue<Entry<I, O>> queue = new ConcurrentLinkedQueue<>();

    public GroupCommit(int lanes, int maxBatch) {
        if (lanes < 1 || maxBatch < 1) {
            throw new IllegalArgumentException("lanes and batch size must be positive");
        }
        this.maxBatch = maxBatch;
        this.lanes = new Semaphore(lanes);
    }

    private static final class Entry<I, O> {
        final I item;
        final Thread waiter = Thread.currentThread();
        volatile boolean done;
        O outcome;
        RuntimeException failure;

        Entry(I item) {
            this.item = item;
        }
    }

    /**
     * Runs the item in the next batch. {@code runner} gets a batch's items in the order they were submitted and must
     * return one outcome per item in that order; the runner of whichever thread leads the batch runs it, so every
     * submitter must pass an equivalent one.
     * @return the item's outcome
     * @throws RuntimeException whatever the runner of the item's batch threw (then every item of it gets that failure)
     */
    public O submit(I item, Function<List<I>, List<O>> runner) {
        Entry<I, O> entry = new Entry<>(item);
        queue.add(entry);
        boolean queued = true;
        boolean interrupted = false;
        while (!entry.done) {
            if (queued && lanes.tryAcquire()) {
                try {
                    List<Entry<I, O>> batch = drain();
                    // nothing queued: another thread's batch took this item; wait for it there, without a lane
                    queued = !batch.isEmpty();
                    if (queued) {
                        run(batch, runner);
                    }
                } finally {
                    lanes.release();
                    Entry<I, O> next = queue.peek();
                    if (next != null) {
                        LockSupport.unpark(next.waiter);
                    }
                }
            } else {
                LockSupport.parkNanos(this, RECHECK_NANOS);
                interrupted |= Thread.interrupted(); // else every park would return at once: the item is waited for all the same
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (entry.failure != null) {
            throw entry.failure;
        }
        return entry.outcome;
    }

    private List<Entry<I, O>> drain() {
        List<Entry<I, O>> batch = new ArrayList<>();
        Entry<I, O> next;
        while (batch.size() < maxBatch && (next = queue.poll()) != null) {
            batch.add(next);
        }
        return batch;
    }

    private void run(List<Entry<I, O>> batch, Function<List<I>, List<O>> runner) {
        List<O> outcomes;
        try {
            outcomes = runner.apply(batch.stream().map(e -> e.item).toList());
            if (outcomes.size() != batch.size()) {
                throw new IllegalStateException(outcomes.size() + " outcomes for a batch of " + batch.size());
            }
        } catch (RuntimeException failure) {
            batch.forEach(e -> finish(e, null, failure));
            return;
        } catch (Error fatal) {
            batch.forEach(e -> finish(e, null, new IllegalStateException("batch failed", fatal)));
            throw fatal;
        }
        for (int i = 0; i < batch.size(); i++) {
            finish(batch.get(i), outcomes.get(i), null);
        }
    }

    private static <I, O> void finish(Entry<I, O> entry, O outcome, RuntimeException failure) {
        entry.outcome = outcome;
        entry.failure = failure;
        entry.done = true; // volatile write after the fields: a waiter that sees it sees them
        if (entry.waiter != Thread.currentThread()) {
            LockSupport.unpark(entry.waiter);
        }
    }
}
