package net.activationserver.it;

import org.jboss.arquillian.container.spi.client.container.ContainerConfiguration;
import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.container.spi.client.container.DeploymentException;
import org.jboss.arquillian.container.spi.client.container.LifecycleException;
import org.jboss.arquillian.container.spi.client.protocol.ProtocolDescription;
import org.jboss.arquillian.container.spi.client.protocol.metadata.HTTPContext;
import org.jboss.arquillian.container.spi.client.protocol.metadata.ProtocolMetaData;
import org.jboss.arquillian.container.spi.client.protocol.metadata.Servlet;
import org.jboss.arquillian.core.spi.LoadableExtension;
import org.jboss.shrinkwrap.api.Archive;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;

import java.io.File;
import java.io.IOException;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The integration tests' Arquillian container on Payara Server (arquillian.xml's {@code payara-server}): a domain
 * started by {@link PayaraServerProcess} with the test run's ASL_* settings, and each test class's WAR deployed the
 * way the README deploys it, with payara-config/payara-server-setup.sh. Payara's own managed-server connector for
 * Jakarta EE 10 (3.x) is not on Maven Central, and its 2.x line is made for Payara 5 (docs/DECISIONS.md).
 */
public final class PayaraServerContainer implements DeployableContainer<PayaraServerContainer.Configuration> {

    /** Registers the container only for the Payara Server run, so it never competes with another runtime's adapter. */
    public static final class Extension implements LoadableExtension {
        @Override
        public void register(ExtensionBuilder builder) {
            if ("payara-server".equals(Fixtures.runtime())) {
                builder.service(DeployableContainer.class, PayaraServerContainer.class);
            }
        }
    }

    /** Nothing to configure: the server comes from {@code payara-server.home}, the settings from the environment. */
    public static final class Configuration implements ContainerConfiguration {
        @Override
        public void validate() {
            // nothing to check
        }
    }

    private PayaraServerProcess server;

    @Override
    public Class<Configuration> getConfigurationClass() {
        return Configuration.class;
    }

    @Override
    public ProtocolDescription getDefaultProtocol() {
        return new ProtocolDescription("Servlet 6.0");
    }

    @Override
    public void start() throws LifecycleException {
        Map<String, String> settings = System.getenv().entrySet().stream().filter(e -> e.getKey().startsWith("ASL_"))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        try {
            server = PayaraServerProcess.startDomain(settings);
        } catch (IOException | AssertionError e) {
            throw new LifecycleException("Payara Server did not start", e);
        }
    }

    @Override
    public void stop() throws LifecycleException {
        try {
            server.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LifecycleException("interrupted while stopping Payara Server", e);
        }
    }

    @Override
    public ProtocolMetaData deploy(Archive<?> archive) throws DeploymentException {
        File war = new File("target/payara-server-arquillian/" + archive.getName());
        war.getParentFile().mkdirs();
        archive.as(ZipExporter.class).exportTo(war, true);
        try {
            if (!server.deploy(war)) {
                throw new DeploymentException("the WAR was not deployed; see " + server);
            }
        } catch (IOException e) {
            throw new DeploymentException("the setup script did not run", e);
        }
        HTTPContext context = new HTTPContext("127.0.0.1", server.base().getPort());
        context.add(new Servlet("default", ""));
        return new ProtocolMetaData().addContext(context);
    }

    @Override
    public void undeploy(Archive<?> archive) throws DeploymentException {
        try {
            server.undeploy();
        } catch (IOException e) {
            throw new DeploymentException("the WAR was not undeployed", e);
        }
    }
}
