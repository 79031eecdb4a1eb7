package net.activationserver.admin.console;

import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import net.activationserver.server.entity.ProblemCode;
import net.activationserver.audit.boundary.Audit;
import net.activationserver.server.entity.Actor;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

/** The audit log and the debug log, newest first, filtered in the database by time (UTC), kind (actor; problem code) and text. */
@Named
@ViewScoped
public class LogsView implements Serializable {

    /** Lines shown per search; narrow the time or text to see older ones. */
    static final int LINES = 500;

    @Inject
    Audit audit;

    @Inject
    AuditLines lines;

    private LocalDateTime since;
    private String text;
    private Actor.Kind kind;
    private String code;
    private List<AuditLines.Line> auditLines;
    private List<AuditLines.DebugLine> debugLines;

    @PostConstruct
    public void search() {
        Instant from = since == null ? null : since.toInstant(ZoneOffset.UTC);
        String match = text == null || text.isBlank() ? null : text.strip();
        auditLines = lines.of(audit.audit(null, kind, match, from, null, LINES));
        debugLines = lines.debugOf(audit.debugLog(code == null || code.isBlank() ? null : code, match, from, null, LINES));
    }

    public int getLines() {
        return LINES;
    }

    public List<AuditLines.Line> getAuditLines() {
        return auditLines;
    }

    public List<AuditLines.DebugLine> getDebugLines() {
        return debugLines;
    }

    public List<Actor.Kind> getKinds() {
        return List.of(Actor.Kind.values());
    }

    /** The problem codes a refusal can carry (4xx), for the debug log's filter. */
    public List<String> getCodes() {
        return Arrays.stream(ProblemCode.values()).filter(c -> c.status() < 500).map(Enum::name).toList();
    }

    public Actor.Kind getKind() {
        return kind;
    }

    public void setKind(Actor.Kind kind) {
        this.kind = kind;
    }

    public String getCode() {
        return code;
    }

    public void setCode(String code) {
        this.code = code;
    }

    public LocalDateTime getSince() {
        return since;
    }

    public void setSince(LocalDateTime since) {
        this.since = since;
    }

    public String getText() {
        return text;
    }

    public void setText(String text) {
        this.text = text;
    }
}
