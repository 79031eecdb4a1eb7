package net.activationserver.admin.console;

import net.activationserver.network.boundary.Networks.NewAppliance;

import java.io.Serializable;

/** The "Add appliance" dialog of All Networks: what the admin types, until it is sent (the password is then forgotten). */
public class NewApplianceForm implements Serializable {

    private String name;
    private String mac;
    private String address;
    private Integer port;
    private String password;

    /** A blank form: port 443, the management interface's usual port. */
    void clear() {
        name = null;
        mac = null;
        address = null;
        port = 443;
        password = null;
    }

    NewAppliance toRequest() {
        return new NewAppliance(name, mac, address, port, password);
    }

    void forgetPassword() {
        password = null;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getMac() {
        return mac;
    }

    public void setMac(String mac) {
        this.mac = mac;
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

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }
}
