package net.activationserver.activation.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import net.activationserver.network.control.NetworkReleases;
import net.activationserver.server.control.AslConfig;
import net.activationserver.server.entity.Words;

/**
 * How long a STALE instance keeps its seat: {@code asl.seat.release-after}, or its network's own release when that is
 * shorter (issue 22). The one definition the sweep, the leases, the audit lines and the views use.
 */
@ApplicationScoped
public class Releases {

    @Inject
    AslConfig config;

    @Inject
    NetworkReleases networks;

    public Duration releaseAfter(Long networkId) {
        Duration global = config.seatReleaseAfter();
        Duration own = networkId == null ? null : networks.byNetwork().get(networkId);
        return own != null && own.compareTo(global) < 0 ? own : global;
    }

    /** The networks whose release is shorter than the server's, by id. */
    public Map<Long, Duration> shortened() {
        Duration global = config.seatReleaseAfter();
        return networks.byNetwork().entrySet().stream().filter(e -> e.getValue().compareTo(global) < 0)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
    }

    /** SQL: the release, in seconds, of the instance row {@code alias} (network ids are numbers: inlined). */
    public String secondsSql(String alias) {
        Map<Long, Duration> shortened = shortened();
        String global = Long.toString(config.seatReleaseAfter().getSeconds());
        if (shortened.isEmpty()) {
            return global;
        }
        StringBuilder sql = new StringBuilder("(CASE ").append(alias).append(".network_id");
        shortened.forEach((id, release) -> sql.append(" WHEN ").append(id).append(" THEN ").append(release.getSeconds()));
        return sql.append(" ELSE ").append(global).append(" END)").toString();
    }

    /** The shortest release of any instance: no seat is released before an instance has been STALE this long. */
    public Duration shortest() {
        return shortened().values().stream().min(Duration::compareTo).orElse(config.seatReleaseAfter());
    }

    /** SQL: the release of the instance row {@code alias} in words ("30 days"), for audit lines and events. */
    public String wordsSql(String alias) {
        Map<Long, Duration> shortened = shortened();
        String global = "'" + Words.duration(config.seatReleaseAfter()) + "'";
        if (shortened.isEmpty()) {
            return global;
        }
        StringBuilder sql = new StringBuilder("(CASE ").append(alias).append(".network_id");
        shortened.forEach((id, release) -> sql.append(" WHEN ").append(id).append(" THEN '").append(Words.duration(release)).append("'"));
        return sql.append(" ELSE ").append(global).append(" END)").toString();
    }
}
