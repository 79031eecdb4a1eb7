package net.activationserver.licensing.entity;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The hypervisors and clouds an appliance may run on (API.md). */
public enum Platform {
    VMWARE, HYPERV, KVM, XEN, AZURE, AWS, GCP, OCI, NUTANIX;

    public static Optional<Platform> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        return Arrays.stream(values()).filter(p -> p.name().equals(text)).findFirst();
    }

    public static String allNames() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }
}
