package net.activationserver.admin.console;

import jakarta.ejb.EJBAccessException;
import jakarta.annotation.PostConstruct;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.ServletContext;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import net.activationserver.server.boundary.NodeView;
import net.activationserver.server.boundary.Nodes;
import net.activationserver.server.boundary.ServerSettings;
import net.activationserver.server.boundary.ServerSettings.ApplianceAccess;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.List;
import java.util.Properties;

/** Settings / About: the address, port and host name appliances are given, the server version, the server nodes. */
@Named
@ViewScoped
public class SettingsView implements Serializable {

    private static final String POM_PROPERTIES = "/META-INF/maven/net.activationserver/activation-server/pom.properties";

    @Inject
    ServerSettings serverSettings;

    @Inject
    ConsoleUser user;

    @Inject
    Nodes nodes;

    @Pattern(regexp = "|((25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])|[0-9A-Fa-f]{0,4}(:[0-9A-Fa-f]{0,4}){2,7}",
            message = "must be an IPv4 or IPv6 address")
    private String address;

    @Min(value = 1, message = "must be 1 to 65535")
    @Max(value = 65535, message = "must be 1 to 65535")
    private Integer port;

    @Pattern(regexp = "|(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*",
            message = "must be a host name such as k360central.example.com")
    private String hostname;

    private String version;
    private String nodeName;
    private List<NodeView> nodeList;

    @PostConstruct
    void load() {
        ApplianceAccess access = serverSettings.applianceAccess();
        address = access.address();
        port = access.port();
        hostname = access.hostname();
        nodeName = serverSettings.nodeName();
        nodeList = nodes.nodes();
        version = readVersion();
    }

    public void save() {
        try {
            serverSettings.setApplianceAccess(new ApplianceAccess(blankToNull(address), port, blankToNull(hostname)), user.actor());
        } catch (EJBAccessException denied) {
            user.refused();
            return;
        }
        Messages.info("Appliance access saved. Give appliances " + (hostname != null && !hostname.isBlank() ? "host name " + hostname
                : "address " + (address == null || address.isBlank() ? "(none)" : address)) + (port == null ? "" : ", port " + port) + ".");
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static String readVersion() {
        ServletContext servlet = (ServletContext) FacesContext.getCurrentInstance().getExternalContext().getContext();
        try (InputStream in = servlet.getResourceAsStream(POM_PROPERTIES)) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    public String getAddress() {
        return address;
    }

    public void setAddress(String address) {
        this.address = address;
    }

    public Integer getPort() {
        return port;
    }

    public void setPort(Integer port) {
        this.port = port;
    }

    public String getHostname() {
        return hostname;
    }

    public void setHostname(String hostname) {
        this.hostname = hostname;
    }

    public String getVersion() {
        return version;
    }

    public String getNodeName() {
        return nodeName;
    }

    /** Every node on this database, as the node registry has them (UP, or DOWN when not seen for three refresh periods). */
    public List<NodeView> getNodes() {
        return nodeList;
    }

    public long getNodesDown() {
        return nodeList.stream().filter(node -> !node.up()).count();
    }
}
