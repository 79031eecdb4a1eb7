package net.activationserver.events.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.List;
import net.activationserver.audit.control.AuditLog;
import net.activationserver.audit.entity.AuditEvent;
import net.activationserver.audit.entity.AuditRecorded;
import net.activationserver.events.entity.StoredEvent;

/**
 * What syslog is given: the audit lines and the events of this node, handed to {@link Syslog}'s queue once their
 * transaction has committed (never a line that was rolled back). Does nothing while syslog is off.
 */
@ApplicationScoped
public class SyslogFeed {

    @Inject
    Syslog syslog;

    @Inject
    AuditLog audit;

    @Resource(lookup = "java:comp/TransactionSynchronizationRegistry")
    TransactionSynchronizationRegistry transactions;

    void auditRecorded(@Observes AuditRecorded recorded) {
        if (!syslog.on()) {
            return;
        }
        List<AuditEvent> lines = recorded.lines().isEmpty() ? audit.written(recorded) : recorded.lines();
        afterCommit(() -> lines.forEach(line -> syslog.auditLine(line.at(), line.actorKind().name(), line.actor(), line.instanceId(), line.message())));
    }

    /** Events written in the current transaction. */
    void events(List<StoredEvent> events) {
        afterCommit(() -> events.forEach(event -> syslog.event(event.occurredAt(), event.type(), event.id(), event.body())));
    }

    boolean on() {
        return syslog.on();
    }

    private void afterCommit(Runnable task) {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    task.run();
                }
            }
        });
    }
}
