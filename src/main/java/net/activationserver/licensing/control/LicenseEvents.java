package net.activationserver.licensing.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import net.activationserver.audit.control.AuditLog;
import net.activationserver.licensing.entity.LicenseFile;
import net.activationserver.server.entity.Actor;
import net.activationserver.server.entity.Notice;

/** What an admin's change of the license files writes in its transaction: the audit line and the event. */
@ApplicationScoped
public class LicenseEvents {

    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(LicenseEvents.class.getName());

    @Inject
    AuditLog audit;

    @Inject
    Event<Notice> notices;

    public void installed(LicenseFile file, boolean replaced, String contributor, Actor actor, Instant now) {
        String grants = file.types().stream().map(t -> t.code() + " x " + t.seats()).collect(Collectors.joining(", "));
        audit.record(now, actor, null, "License file " + file.licenseId() + (replaced ? " replaced" : " installed") + " for "
                + file.customer() + ": instance limit " + file.instanceLimit() + ", " + grants + ", expires " + file.expiresAt()
                + (contributor == null ? "" : "; contributed by instance " + contributor + " before, now installed on the server"));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("licenseId", file.licenseId());
        data.put("customer", file.customer());
        data.put("expiresAt", file.expiresAt().toString());
        data.put("instanceLimit", file.instanceLimit());
        data.put("types", file.types().stream().map(t -> t.code() + " x " + t.seats()).toList());
        data.put("replaced", replaced);
        data.put("by", actor.name());
        notices.fire(Notice.of(Notice.Type.LICENSE_INSTALLED, now, data));
        LOG.info(() -> "License file " + file.licenseId() + (replaced ? " replaced" : " installed") + " by " + actor.name());
    }

    public void removed(String licenseId, Actor actor, Instant now) {
        audit.record(now, actor, null, "License file " + licenseId + " removed");
        notices.fire(Notice.of(Notice.Type.LICENSE_REMOVED, now, Map.of("licenseId", licenseId, "by", actor.name())));
        LOG.info(() -> "License file " + licenseId + " removed by " + actor.name());
    }

    /** A license file reached a stage of its end: {@code daysAhead} before it, or 0 when it has expired. */
    public void expiring(String licenseId, String customer, Instant expiresAt, int daysAhead, Instant now) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("licenseId", licenseId);
        data.put("customer", customer);
        data.put("expiresAt", expiresAt.toString());
        if (daysAhead > 0) {
            data.put("daysLeft", daysAhead);
        }
        notices.fire(Notice.of(daysAhead > 0 ? Notice.Type.LICENSE_EXPIRING : Notice.Type.LICENSE_EXPIRED, now, data));
    }
}
