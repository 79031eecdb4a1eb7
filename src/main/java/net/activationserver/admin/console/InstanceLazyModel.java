package net.activationserver.admin.console;

import net.activationserver.activation.boundary.InstanceCatalogue;
import net.activationserver.activation.boundary.InstanceSearch;
import net.activationserver.activation.boundary.InstanceSort;
import net.activationserver.activation.boundary.InstanceView;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;
import org.primefaces.model.SortOrder;

import java.util.List;
import java.util.Map;

/** Instances for the lazy table: paging, sorting and filtering in the database, most recent heartbeat first unless sorted. */
public class InstanceLazyModel extends LazyDataModel<InstanceView> {

    private final InstanceCatalogue catalogue;
    /** The search applied; null after a search that was not valid: the table is empty until the next one. */
    private InstanceSearch search = InstanceSearch.ALL;

    InstanceLazyModel(InstanceCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    void filter(InstanceSearch search) {
        this.search = search;
    }

    /** An invalid search: the old results are no longer shown. */
    void clear() {
        this.search = null;
    }

    @Override
    public int count(Map<String, FilterMeta> filterBy) {
        return search == null ? 0 : (int) Math.min(Integer.MAX_VALUE, catalogue.countInstances(search));
    }

    /** Sorted by the first sortable column chosen (fields outside {@link InstanceSort}'s whitelist are ignored). */
    @Override
    public List<InstanceView> load(int first, int pageSize, Map<String, SortMeta> sortBy, Map<String, FilterMeta> filterBy) {
        if (search == null) {
            return List.of();
        }
        SortMeta chosen = sortBy.values().stream().filter(SortMeta::isActive).filter(meta -> InstanceSort.of(meta.getField()) != null)
                .findFirst().orElse(null);
        if (chosen == null) {
            return catalogue.instancesAt(search, first, pageSize);
        }
        return catalogue.instancesAt(search, InstanceSort.of(chosen.getField()), chosen.getOrder() == SortOrder.ASCENDING,
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
