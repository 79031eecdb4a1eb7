package net.activationserver.admin.console;

import net.activationserver.activation.boundary.InstanceCatalogue;
import net.activationserver.activation.boundary.InstanceSort;
import net.activationserver.activation.boundary.InstanceView;
import net.activationserver.activation.entity.InstanceStatus;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;
import org.primefaces.model.SortOrder;

import java.util.List;
import java.util.Map;

/** Instances for the lazy table: paging, sorting and filtering in the database, most recent heartbeat first unless sorted. */
public class InstanceLazyModel extends LazyDataModel<InstanceView> {

    private final InstanceCatalogue catalogue;
    private InstanceStatus status;
    private String licenseType;
    private String mac;

    InstanceLazyModel(InstanceCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    void filter(InstanceStatus status, String licenseType, String mac) {
        this.status = status;
        this.licenseType = licenseType;
        this.mac = mac;
    }

    @Override
    public int count(Map<String, FilterMeta> filterBy) {
        return (int) Math.min(Integer.MAX_VALUE, catalogue.countInstances(status, licenseType, mac));
    }

    /** Sorted by the first sortable column chosen (fields outside {@link InstanceSort}'s whitelist are ignored). */
    @Override
    public List<InstanceView> load(int first, int pageSize, Map<String, SortMeta> sortBy, Map<String, FilterMeta> filterBy) {
        SortMeta chosen = sortBy.values().stream().filter(SortMeta::isActive).filter(meta -> InstanceSort.of(meta.getField()) != null)
                .findFirst().orElse(null);
        if (chosen == null) {
            return catalogue.instancesAt(status, licenseType, mac, first, pageSize);
        }
        return catalogue.instancesAt(status, licenseType, mac, InstanceSort.of(chosen.getField()), chosen.getOrder() == SortOrder.ASCENDING,
                first, pageSize);
    }

    @Override
    public String getRowKey(InstanceView instance) {
        return instance.id();
    }

    @Override
    public InstanceView getRowData(String rowKey) {
        return catalogue.instance(rowKey);
    }
}
