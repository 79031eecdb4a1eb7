package net.activationserver.it;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** A syslog collector on 127.0.0.1 for the tests: UDP (a message per datagram), or TLS (octet-counted frames, RFC 5425). */
final class SyslogListener implements AutoCloseable {

    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final AutoCloseable socket;
    private final int port;

    private SyslogListener(AutoCloseable socket, int port) {
        this.socket = socket;
        this.port = port;
    }

    static SyslogListener udp() throws IOException {
        DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        SyslogListener listener = new SyslogListener(socket, socket.getLocalPort());
        Thread reader = new Thread(() -> {
            byte[] buffer = new byte[65_536];
            while (!socket.isClosed()) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(packet);
                    listener.messages.add(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8));
                } catch (IOException closed) {
                    return;
                }
            }
        });
        reader.setDaemon(true);
        reader.start();
        return listener;
    }

    /** A TLS collector with the server keystore of {@link TestCertificates} (localhost, 127.0.0.1). */
    static SyslogListener tls(Path keystore, String password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, password.toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        ServerSocket server = context.getServerSocketFactory().createServerSocket(0, 10, InetAddress.getLoopbackAddress());
        SyslogListener listener = new SyslogListener(server, server.getLocalPort());
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    Thread reader = new Thread(() -> listener.readFrames(client));
                    reader.setDaemon(true);
                    reader.start();
                } catch (IOException closed) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        return listener;
    }

    /** Octet counting: "LENGTH SP MESSAGE", repeated. */
    private void readFrames(Socket client) {
        try (InputStream in = new BufferedInputStream(client.getInputStream())) {
            while (true) {
                int length = 0;
                int c;
                while ((c = in.read()) != ' ') {
                    if (c < 0) {
                        return;
                    }
                    length = length * 10 + (c - '0');
                }
                byte[] frame = in.readNBytes(length);
                if (frame.length < length) {
                    return;
                }
                messages.add(new String(frame, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // the sender went away
        }
    }

    int port() {
        return port;
    }

    List<String> messages() {
        return messages;
    }

    @Override
    public void close() throws Exception {
        socket.close();
    }

}
