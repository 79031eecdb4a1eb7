package net.activationserver.server.control;

/**
 * The application's data source, {@value #JNDI_NAME}: on Payara the WAR defines it itself from MicroProfile Config
 * (WEB-INF/glassfish-resources.xml), on WildFly it is the server's data source from wildfly-config/configure.cli, bound
 * to the same name by WEB-INF/jboss-web.xml. docs/DECISIONS.md, "One WAR on every runtime".
 */
public final class DataSourceConfig {

    public static final String JNDI_NAME = "java:app/jdbc/asl";

    private DataSourceConfig() {
    }
}
