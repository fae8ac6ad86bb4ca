package xraygallery.localcloud.rds;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import xraygallery.localcloud.Xml;

/** The RDS Query API's response documents (API version 2014-10-31), as the AWS SDK parses them. */
final class RdsXml {
    static final String NAMESPACE = "http://rds.amazonaws.com/doc/2014-10-31/";
    static final String ACCOUNT_ID = "000000000000";

    private RdsXml() {
    }

    /** {@code <ActionResponse><ActionResult>result</ActionResult><ResponseMetadata>…</ActionResponse>}. */
    static String response(String action, String result, String requestId) {
        return "<" + action + "Response xmlns=\"" + NAMESPACE + "\">"
                + "<" + action + "Result>" + result + "</" + action + "Result>"
                + "<ResponseMetadata>" + Xml.element("RequestId", requestId) + "</ResponseMetadata>"
                + "</" + action + "Response>";
    }

    static String arn(String region, String id) {
        return "arn:aws:rds:" + region + ":" + ACCOUNT_ID + ":db:" + id;
    }

    /**
     * A {@code <DBInstance>} element; the Endpoint only while the instance is available. A failed instance says why
     * in {@code StatusInfos} (one entry, {@code Normal=false}, {@code Status=error}, the reason as {@code Message}),
     * where RDS reports what is wrong with an instance.
     */
    static String dbInstance(InstanceRecord r, MasterCredentials credentials, String engineVersion, String region,
            String failureReason) {
        StringBuilder xml = new StringBuilder(2048).append("<DBInstance>")
                .append(Xml.element("DBInstanceIdentifier", r.id()))
                .append(Xml.element("DBInstanceClass", r.instanceClass()))
                .append(Xml.element("Engine", "mysql"))
                .append(Xml.element("DBInstanceStatus", r.status().awsName()))
                .append(Xml.element("MasterUsername", credentials.username()))
                .append(Xml.element("DBName", credentials.database()));
        if (r.status() == InstanceStatus.AVAILABLE) {
            xml.append("<Endpoint>").append(Xml.element("Address", DbInstance.HOST))
                    .append(Xml.element("Port", r.port())).append("</Endpoint>");
        }
        xml.append(Xml.element("AllocatedStorage", r.allocatedStorage()))
                .append(Xml.element("InstanceCreateTime", r.createdAt().toString()))
                .append(Xml.element("BackupRetentionPeriod", 0))
                .append("<DBSecurityGroups/><VpcSecurityGroups/>")
                .append(Xml.element("AvailabilityZone", region + "a"))
                .append("<PendingModifiedValues/>")
                .append(Xml.element("MultiAZ", false))
                .append(Xml.element("EngineVersion", engineVersion))
                .append(Xml.element("AutoMinorVersionUpgrade", false))
                .append("<ReadReplicaDBInstanceIdentifiers/>")
                .append(Xml.element("LicenseModel", "general-public-license"))
                .append(Xml.element("PubliclyAccessible", false))
                .append(Xml.element("StorageType", "gp2"))
                .append(Xml.element("DbInstancePort", 0))
                .append(Xml.element("StorageEncrypted", false))
                .append(Xml.element("DbiResourceId", resourceId(r)))
                .append(Xml.element("CopyTagsToSnapshot", false))
                .append(Xml.element("DBInstanceArn", arn(region, r.id())))
                .append(Xml.element("IAMDatabaseAuthenticationEnabled", false))
                .append(Xml.element("DeletionProtection", false))
                .append("<TagList/>");
        if (failureReason != null) {
            xml.append("<StatusInfos><DBInstanceStatusInfo>")
                    .append(Xml.element("StatusType", "read replication"))
                    .append(Xml.element("Normal", false))
                    .append(Xml.element("Status", "error"))
                    .append(Xml.element("Message", failureReason))
                    .append("</DBInstanceStatusInfo></StatusInfos>");
        }
        return xml.append("</DBInstance>").toString();
    }

    /** A stable {@code db-XXXXXXXX…} id derived from the instance's name and creation time. */
    static String resourceId(InstanceRecord r) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((r.id() + "@" + r.createdAt()).getBytes(StandardCharsets.UTF_8));
            String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
            StringBuilder id = new StringBuilder("db-");
            for (int i = 0; i < 26; i++) {
                id.append(alphabet.charAt((hash[i] & 0xff) % 32));
            }
            return id.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
