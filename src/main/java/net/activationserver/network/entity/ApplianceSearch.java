package net.activationserver.network.entity;

import jakarta.persistence.Query;

/** The search of a network's appliances, licensed here or added by hand: an exact MAC, or the start of a name. */
public record ApplianceSearch(String mac, String namePrefix) {

    public static ApplianceSearch of(String text) {
        if (text == null || text.isBlank()) {
            return new ApplianceSearch(null, null);
        }
        String stripped = text.strip();
        return Mac.parse(stripped).map(m -> new ApplianceSearch(m.value(), null))
                .orElseGet(() -> new ApplianceSearch(null, stripped.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"));
    }

    /** SQL: the condition on a row's name and MAC columns, to append to a WHERE clause (empty: no search). */
    public String where(String nameColumn, String macColumn) {
        if (mac != null) {
            return " AND " + macColumn + " = :search";
        }
        return namePrefix != null ? " AND " + nameColumn + " LIKE :search" : "";
    }

    public Query bind(Query query) {
        if (mac != null) {
            query.setParameter("search", mac);
        } else if (namePrefix != null) {
            query.setParameter("search", namePrefix);
        }
        return query;
    }
}
