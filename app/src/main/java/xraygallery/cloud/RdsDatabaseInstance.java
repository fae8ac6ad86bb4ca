package xraygallery.cloud;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.RdsException;

/** {@link DatabaseInstance} through the RDS API (AWS or the local cloud). */
public final class RdsDatabaseInstance implements DatabaseInstance {
    private final RdsClient rds;
    private final String instanceId;

    public RdsDatabaseInstance(RdsClient rds, String instanceId) {
        this.rds = rds;
        this.instanceId = instanceId;
    }

    @Override
    public DatabaseStatus status() {
        try {
            return toStatus(rds.describeDBInstances(b -> b.dbInstanceIdentifier(instanceId)).dbInstances().get(0));
        } catch (RdsException e) {
            throw explain("describe", e);
        } catch (SdkClientException e) {
            throw unreachable("describe", e);
        }
    }

    @Override
    public DatabaseStatus start() {
        try {
            return toStatus(rds.startDBInstance(b -> b.dbInstanceIdentifier(instanceId)).dbInstance());
        } catch (RdsException e) {
            throw explain("start", e);
        } catch (SdkClientException e) {
            throw unreachable("start", e);
        }
    }

    @Override
    public DatabaseStatus stop() {
        try {
            return toStatus(rds.stopDBInstance(b -> b.dbInstanceIdentifier(instanceId)).dbInstance());
        } catch (RdsException e) {
            throw explain("stop", e);
        } catch (SdkClientException e) {
            throw unreachable("stop", e);
        }
    }

    private DatabaseInstanceException explain(String what, RdsException e) {
        String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
        String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
        return new DatabaseInstanceException("Could not " + what + " database instance " + instanceId + ": "
                + (code.isEmpty() ? "" : code + ": ") + message, e);
    }

    private DatabaseInstanceException unreachable(String what, SdkClientException e) {
        return new DatabaseInstanceException("Could not " + what + " database instance " + instanceId
                + ": the RDS API is not reachable (" + e.getMessage() + ")", e);
    }

    private static DatabaseStatus toStatus(DBInstance instance) {
        boolean hasEndpoint = instance.endpoint() != null && instance.endpoint().address() != null;
        String problem = instance.statusInfos().stream()
                .filter(info -> Boolean.FALSE.equals(info.normal()) && info.message() != null)
                .map(info -> info.message()).findFirst().orElse(null);
        return new DatabaseStatus(instance.dbInstanceIdentifier(), instance.dbInstanceStatus(),
                hasEndpoint ? instance.endpoint().address() : null, hasEndpoint ? instance.endpoint().port() : null,
                problem);
    }
}
