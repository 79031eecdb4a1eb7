package net.activationserver.server.control;

import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.ejb.Singleton;

import java.sql.Connection;

/**
 * The application's own data source: no server-side setup, every value from MicroProfile Config
 * (ASL_DB_URL, ASL_DB_USER, ASL_DB_PASSWORD in the environment). READ COMMITTED keeps InnoDB from
 * taking gap locks on the seat and instance indexes, so concurrent activations do not block each other.
 * <p>
 * The class named offers MariaDB's data source as a plain {@code DataSource}, so transactions are local, not XA
 * ({@link LocalMariaDbDataSource}).
 */
@DataSourceDefinition(
        name = DataSourceConfig.JNDI_NAME,
        className = "net.activationserver.server.control.LocalMariaDbDataSource",
        url = "${MPCONFIG=asl.db.url}",
        user = "${MPCONFIG=asl.db.user}",
        password = "${MPCONFIG=asl.db.password}",
        isolationLevel = Connection.TRANSACTION_READ_COMMITTED,
        minPoolSize = 2,
        maxPoolSize = 64,
        properties = {
                "fish.payara.is-connection-validation-required=true",
                "fish.payara.connection-validation-method=meta-data",
                "fish.payara.fail-all-connections=true",
                "fish.payara.max-wait-time-in-millis=5000",
                "fish.payara.statement-timeout-in-seconds=30"
        })
@Singleton
public class DataSourceConfig {
    public static final String JNDI_NAME = "java:app/jdbc/asl";
}
