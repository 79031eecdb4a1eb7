package net.activationserver.it;

import net.activationserver.devserver.EmbeddedMariaDb;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

import java.io.File;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Before any integration test (and before Arquillian starts Payara Micro), makes the test database ready:
 * an embedded MariaDB on {@code it.db.port} unless {@code it.db.embedded=false} points the tests at an
 * existing server ({@code -Dit.db.url=...}). The database is dropped and created empty for each run.
 */
public class TestDatabase implements LauncherSessionListener {

    private EmbeddedMariaDb embedded;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        String url = System.getProperty("it.db.url");
        if (url == null) {
            return; // unit tests (Surefire): no database
        }
        try {
            if (Boolean.parseBoolean(System.getProperty("it.db.embedded", "true"))) {
                int port = Integer.getInteger("it.db.port", 3317);
                // a folder per port: the WildFly execution's database starts while the one before may still be stopping
                embedded = EmbeddedMariaDb.start(port, new File(port == 3317 ? "target/it-mariadb" : "target/it-mariadb-" + port), "mysql");
            }
            recreate(url);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot prepare the test database at " + url + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        if (embedded != null) {
            embedded.stop();
        }
    }

    private static void recreate(String url) throws SQLException {
        int slash = url.lastIndexOf('/');
        String database = url.substring(slash + 1).replaceAll("\\?.*", "");
        try (Connection connection = DriverManager.getConnection(url.substring(0, slash + 1), System.getProperty("it.db.user", "root"),
                System.getProperty("it.db.password", ""));
             Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS `" + database + "`");
            statement.execute("CREATE DATABASE `" + database + "` CHARACTER SET utf8mb4");
        }
    }
}
