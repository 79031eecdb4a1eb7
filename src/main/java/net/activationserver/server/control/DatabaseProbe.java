package net.activationserver.server.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;

import javax.sql.DataSource;
import java.sql.Connection;

/** Whether the database answers now: for readiness, and to tell an outage (503) from a fault of ours (500). */
@ApplicationScoped
public class DatabaseProbe {

    @Resource(lookup = DataSourceConfig.JNDI_NAME)
    DataSource dataSource;

    /**
     * Made at deployment, so that its data source is looked up in the application's naming context: WildFly runs health
     * checks on a management thread, where the application's {@code java:app} names cannot be looked up.
     */
    void created(@Observes @Initialized(ApplicationScoped.class) Object application) {
        // the observer's bean instance is all that is needed
    }

    public boolean reachable() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(2);
        } catch (Exception e) {
            return false;
        }
    }
}
