package net.activationserver.events.control;

import com.cloudbees.syslog.Facility;
import com.cloudbees.syslog.SDElement;
import com.cloudbees.syslog.SDParam;
import com.cloudbees.syslog.Severity;
import com.cloudbees.syslog.SyslogMessage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import net.activationserver.server.control.Node;

/**
 * Syslog (RFC 5424) of the audit trail and the events, off until {@code asl.syslog.host} is set: over UDP (one
 * datagram per message), TCP, or TCP with TLS (octet-counted frames, RFC 6587 and RFC 5425; the server's certificate
 * verified against the system trust store or {@code asl.syslog.ca-file}, its name included). The messages are formatted
 * by {@code com.cloudbees:syslog-java-client}; the lines wait in a bounded queue after their transaction commits and
 * are sent by the node's event timer, so a slow or absent collector never holds up a request. Best effort, as syslog
 * is: a full queue or a collector that is down loses lines (counted in the log); the database keeps the trail.
 */
@ApplicationScoped
public class Syslog {

    private static final Logger LOG = Logger.getLogger(Syslog.class.getName());
    static final int QUEUE = 100_000;
    /** RFC 5612's enterprise number for documentation: the structured data's own id, as no number is registered for us. */
    static final String SD_ID = "asl@32473";

    @Inject
    EventSettings settings;

    @Inject
    Node node;

    private final BlockingQueue<SyslogMessage> queue = new ArrayBlockingQueue<>(QUEUE);
    private volatile long dropped;
    private Socket socket;
    private String socketTarget;

    public boolean on() {
        return settings.syslog().isPresent();
    }

    /** An audit line, as RFC 5424 message: facility "log audit", severity notice, msgid {@code audit}. */
    public void auditLine(Instant at, String actorKind, String actor, String instanceId, String message) {
        SDElement sd = new SDElement(SD_ID, new SDParam("actorKind", actorKind), new SDParam("actor", actor));
        if (instanceId != null) {
            sd.addSDParam("instanceId", instanceId);
        }
        offer(message(at, Facility.AUDIT, Severity.NOTICE, "audit", message).withSDElement(sd));
    }

    /** An event: facility local0, msgid its type, its payload as the message (JSON). */
    public void event(Instant at, String type, String id, String payload) {
        boolean warning = type.equals("pool.exhausted") || type.equals("pool.overage") || type.equals("pool.threshold") || type.equals("node.down")
                || type.equals("license.expired") || type.equals("license.expiring") || type.equals("webhook.disabled") || type.equals("instance.stale");
        offer(message(at, Facility.LOCAL0, warning ? Severity.WARNING : Severity.INFORMATIONAL, type, payload)
                .withSDElement(new SDElement(SD_ID, new SDParam("eventId", id))));
    }

    private SyslogMessage message(Instant at, Facility facility, Severity severity, String msgId, String text) {
        return new SyslogMessage().withTimestamp(Date.from(at)).withHostname(node.name()).withAppName("activation-server")
                .withProcId(Long.toString(ProcessHandle.current().pid())).withMsgId(msgId).withFacility(facility)
                .withSeverity(severity).withMsg(text);
    }

    private void offer(SyslogMessage message) {
        if (!queue.offer(message)) {
            dropped++;
        }
    }

    /** Sends what waits, from the event timer. A collector that cannot be reached keeps the lines for the next run. */
    public synchronized void flush() {
        EventSettings.Syslog target = settings.syslog().orElse(null);
        if (target == null) {
            queue.clear();
            return;
        }
        if (dropped > 0) {
            long lost = dropped;
            dropped = 0;
            LOG.warning(() -> lost + " syslog line(s) dropped: the queue of " + QUEUE + " was full (collector " + target.host() + ":" + target.port() + ")");
        }
        List<SyslogMessage> batch = new ArrayList<>();
        while (!queue.isEmpty()) {
            queue.drainTo(batch, 1_000);
            try {
                send(target, batch);
                batch.clear();
            } catch (IOException | GeneralSecurityException e) {
                close();
                LOG.log(Level.WARNING, "Syslog to {0}:{1} ({2}) failed; {3} line(s) kept for the next try: {4}",
                        new Object[]{target.host(), target.port(), target.transport(), batch.size(), e.toString()});
                batch.forEach(queue::offer);
                return;
            }
        }
    }

    private void send(EventSettings.Syslog target, List<SyslogMessage> batch) throws IOException, GeneralSecurityException {
        if (target.transport().equals("udp")) {
            try (DatagramSocket udp = new DatagramSocket()) {
                InetSocketAddress address = new InetSocketAddress(target.host(), target.port());
                for (SyslogMessage message : batch) {
                    byte[] bytes = message.toRfc5424SyslogMessage().getBytes(StandardCharsets.UTF_8);
                    udp.send(new DatagramPacket(bytes, bytes.length, address));
                }
            }
            return;
        }
        OutputStream out = connected(target).getOutputStream();
        StringBuilder frames = new StringBuilder();
        for (SyslogMessage message : batch) {
            String text = message.toRfc5424SyslogMessage();
            frames.append(text.getBytes(StandardCharsets.UTF_8).length).append(' ').append(text); // octet counting
        }
        out.write(frames.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private Socket connected(EventSettings.Syslog target) throws IOException, GeneralSecurityException {
        String key = target.toString();
        if (socket != null && !socket.isClosed() && key.equals(socketTarget)) {
            return socket;
        }
        close();
        Socket opened;
        if (target.transport().equals("tls")) {
            SSLSocket tls = (SSLSocket) context(target.caFile()).getSocketFactory().createSocket();
            SSLParameters parameters = tls.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the collector
            tls.setSSLParameters(parameters);
            opened = tls;
        } else {
            opened = new Socket();
        }
        opened.connect(new InetSocketAddress(target.host(), target.port()), 5_000);
        opened.setSoTimeout(10_000);
        if (opened instanceof SSLSocket tls) {
            tls.startHandshake();
        }
        socket = opened;
        socketTarget = key;
        return opened;
    }

    private static SSLContext context(String caFile) throws IOException, GeneralSecurityException {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (caFile == null) {
            trust.init((KeyStore) null); // the system's trust store
        } else {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            try (InputStream in = Files.newInputStream(Path.of(caFile))) {
                int i = 0;
                for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    store.setCertificateEntry("ca" + i++, certificate);
                }
            }
            trust.init(store);
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a broken connection
            }
            socket = null;
        }
    }
}
