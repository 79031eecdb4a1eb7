package net.activationserver.admin.console;

import net.activationserver.server.entity.AslException;
import net.activationserver.network.boundary.ApplianceView;
import net.activationserver.activation.boundary.AllNetworks;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;

import java.util.List;
import java.util.Map;

/** The appliances of one network for the lazy table: paged in the database, by name. */
public class ApplianceLazyModel extends LazyDataModel<ApplianceView> {

    private final AllNetworks networks;
    private long networkId;
    private String search;

    ApplianceLazyModel(AllNetworks networks) {
        this.networks = networks;
    }

    void show(long networkId, String search) {
        this.networkId = networkId;
        this.search = search == null || search.isBlank() ? null : search.strip();
    }

    @Override
    public int count(Map<String, FilterMeta> filterBy) {
        return (int) Math.min(Integer.MAX_VALUE, networks.countAppliances(networkId, search));
    }

    @Override
    public List<ApplianceView> load(int first, int pageSize, Map<String, SortMeta> sortBy, Map<String, FilterMeta> filterBy) {
        return networks.appliances(networkId, search, first, pageSize);
    }

    @Override
    public String getRowKey(ApplianceView appliance) {
        return appliance.key();
    }

    @Override
    public ApplianceView getRowData(String rowKey) {
        try {
            return networks.appliance(rowKey);
        } catch (AslException gone) {
            return null;
        }
    }
}
