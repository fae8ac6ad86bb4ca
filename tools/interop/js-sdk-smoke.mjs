import { S3Client, CreateBucketCommand, PutObjectCommand, GetObjectCommand, ListObjectsV2Command, DeleteObjectsCommand, HeadObjectCommand } from "@aws-sdk/client-s3";
import { RDSClient, DescribeDBInstancesCommand } from "@aws-sdk/client-rds";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
const endpoint = process.argv[2];
const creds = { accessKeyId: "test", secretAccessKey: "test" };
const s3 = new S3Client({ endpoint, region: "eu-west-1", forcePathStyle: true, credentials: creds });
await s3.send(new CreateBucketCommand({ Bucket: "js-bucket" }));
const body = "hello from the JS SDK v3 ".repeat(10000);
const put = await s3.send(new PutObjectCommand({ Bucket: "js-bucket", Key: "dir/js.txt", Body: body, ContentType: "text/plain", Metadata: { who: "js" } }));
console.log("put etag", put.ETag, "crc32", put.ChecksumCRC32);
const got = await s3.send(new GetObjectCommand({ Bucket: "js-bucket", Key: "dir/js.txt", ChecksumMode: "ENABLED" }));
const text = await got.Body.transformToString();
console.log("get ok", text === body, got.ContentType, got.Metadata);
const ranged = await s3.send(new GetObjectCommand({ Bucket: "js-bucket", Key: "dir/js.txt", Range: "bytes=0-4" }));
console.log("range", await ranged.Body.transformToString());
const list = await s3.send(new ListObjectsV2Command({ Bucket: "js-bucket", Delimiter: "/" }));
console.log("list prefixes", list.CommonPrefixes);
const url = await getSignedUrl(s3, new GetObjectCommand({ Bucket: "js-bucket", Key: "dir/js.txt" }), { expiresIn: 60 });
const res = await fetch(url); console.log("presigned", res.status, (await res.text()).length);
const del = await s3.send(new DeleteObjectsCommand({ Bucket: "js-bucket", Delete: { Objects: [{ Key: "dir/js.txt" }] } }));
console.log("deleted", del.Deleted);
try { await s3.send(new HeadObjectCommand({ Bucket: "js-bucket", Key: "dir/js.txt" })); } catch (e) { console.log("head after delete", e.name, e.$metadata.httpStatusCode); }
const bad = new S3Client({ endpoint, region: "eu-west-1", forcePathStyle: true, credentials: { accessKeyId: "test", secretAccessKey: "nope" } });
try { await bad.send(new ListObjectsV2Command({ Bucket: "js-bucket" })); } catch (e) { console.log("wrong secret", e.name); }
const rds = new RDSClient({ endpoint, region: "eu-west-1", credentials: creds });
const d = await rds.send(new DescribeDBInstancesCommand({}));
console.log("rds", d.DBInstances.map(i => [i.DBInstanceIdentifier, i.DBInstanceStatus, i.Engine, i.DBInstanceArn]));
try { await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: "nope" })); } catch (e) { console.log("rds missing", e.name); }
