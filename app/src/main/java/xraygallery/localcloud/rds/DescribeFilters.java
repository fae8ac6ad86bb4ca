package xraygallery.localcloud.rds;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import xraygallery.localcloud.AwsServiceException;

/**
 * The {@code Filters} of {@code DescribeDBInstances} ({@code Filters.Filter.N.Name},
 * {@code Filters.Filter.N.Values.Value.M}); supports {@code db-instance-id} (identifier or ARN),
 * {@code dbi-resource-id} and {@code engine}. An instance matches when every filter has a value it has.
 */
final class DescribeFilters {
    private static final Set<String> SUPPORTED = Set.of("db-instance-id", "dbi-resource-id", "engine");
    private final Map<String, List<String>> filters;

    private DescribeFilters(Map<String, List<String>> filters) {
        this.filters = filters;
    }

    static DescribeFilters parse(QueryRequest query) {
        Map<String, List<String>> filters = new LinkedHashMap<>();
        for (int n = 1; query.optional("Filters.Filter." + n + ".Name") != null; n++) {
            String name = query.optional("Filters.Filter." + n + ".Name");
            if (!SUPPORTED.contains(name)) {
                throw new AwsServiceException(400, "InvalidParameterValue",
                        "Unrecognized filter name: " + name + " (the local RDS supports " + SUPPORTED + ").");
            }
            List<String> values = new ArrayList<>();
            for (int m = 1; query.optional("Filters.Filter." + n + ".Values.Value." + m) != null; m++) {
                values.add(query.optional("Filters.Filter." + n + ".Values.Value." + m));
            }
            if (values.isEmpty()) {
                throw new AwsServiceException(400, "InvalidParameterValue", "Filter " + name + " has no values.");
            }
            filters.computeIfAbsent(name, k -> new ArrayList<>()).addAll(values);
        }
        return new DescribeFilters(filters);
    }

    boolean matches(DbInstance instance, String region) {
        InstanceRecord record = instance.record();
        return filters.entrySet().stream().allMatch(filter -> switch (filter.getKey()) {
            case "db-instance-id" -> filter.getValue().contains(record.id())
                    || filter.getValue().contains(RdsXml.arn(region, record.id()));
            case "dbi-resource-id" -> filter.getValue().contains(RdsXml.resourceId(record));
            case "engine" -> filter.getValue().contains("mysql");
            default -> false;
        });
    }
}
