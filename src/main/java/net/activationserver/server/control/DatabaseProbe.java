package net.activationserver.server.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;

import javax.sql.DataSource;
import java.sql.Connection;

/** Whether the database answers now: for readiness, and to tell an outage (503) from a fault of ours (500). */
@ApplicationScoped
public class DatabaseProbe {

    @Resource(lookup = DataSourceConfig.JNDI_NAME)
    DataSource dataSource;

    public boolean reachable() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(2);
        } catch (Exception e) {
            return false;
        }
    }
}
