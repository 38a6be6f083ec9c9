package io.charter.server.s3;

import static io.charter.server.s3.S3Requests.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charter.policy.ContextType;
import io.charter.policy.ContextValue;
import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.ServiceException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class S3PermissionsTest {
    private static final Optional<String> OWNER = Optional.of("111122223333");

    private static List<Permission> required(S3Request r) {
        S3Operation op = S3Operation.identify(r).orElseThrow();
        return S3Permissions.required(op, r, OWNER);
    }

    /** The checks as "action resource" strings, in order. */
    private static String checks(List<Permission> permissions) {
        return permissions.stream().map(p -> p.action() + " " + p.resource()).collect(Collectors.joining(", "));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "GET|/|s3:ListAllMyBuckets *",
        "GET|/photos|s3:ListBucket arn:aws:s3:::photos",
        "GET|/photos?list-type=2|s3:ListBucket arn:aws:s3:::photos",
        "HEAD|/photos|s3:ListBucket arn:aws:s3:::photos",
        "GET|/photos?versions|s3:ListBucketVersions arn:aws:s3:::photos",
        "GET|/photos?uploads|s3:ListBucketMultipartUploads arn:aws:s3:::photos",
        "GET|/photos?location|s3:GetBucketLocation arn:aws:s3:::photos",
        "GET|/photos?policy|s3:GetBucketPolicy arn:aws:s3:::photos",
        "PUT|/photos?policy|s3:PutBucketPolicy arn:aws:s3:::photos",
        "DELETE|/photos?policy|s3:DeleteBucketPolicy arn:aws:s3:::photos",
        "GET|/photos?tagging|s3:GetBucketTagging arn:aws:s3:::photos",
        "PUT|/photos?tagging|s3:PutBucketTagging arn:aws:s3:::photos",
        "DELETE|/photos?tagging|s3:PutBucketTagging arn:aws:s3:::photos",
        "GET|/photos?acl|s3:GetBucketAcl arn:aws:s3:::photos",
        "PUT|/photos?acl|s3:PutBucketAcl arn:aws:s3:::photos",
        "GET|/photos?versioning|s3:GetBucketVersioning arn:aws:s3:::photos",
        "PUT|/photos?versioning|s3:PutBucketVersioning arn:aws:s3:::photos",
        "GET|/photos?cors|s3:GetBucketCORS arn:aws:s3:::photos",
        "DELETE|/photos?lifecycle|s3:PutLifecycleConfiguration arn:aws:s3:::photos",
        "PUT|/photos|s3:CreateBucket arn:aws:s3:::photos",
        "DELETE|/photos|s3:DeleteBucket arn:aws:s3:::photos",
        "GET|/photos/a/b c.jpg|s3:GetObject arn:aws:s3:::photos/a/b c.jpg",
        "GET|/photos/a/b.jpg?versionId=v1|s3:GetObjectVersion arn:aws:s3:::photos/a/b.jpg",
        "HEAD|/photos/a/b.jpg|s3:GetObject arn:aws:s3:::photos/a/b.jpg",
        "HEAD|/photos/a/b.jpg?versionId=v1|s3:GetObjectVersion arn:aws:s3:::photos/a/b.jpg",
        "PUT|/photos/a/b.jpg|s3:PutObject arn:aws:s3:::photos/a/b.jpg",
        "DELETE|/photos/a/b.jpg|s3:DeleteObject arn:aws:s3:::photos/a/b.jpg",
        "DELETE|/photos/a/b.jpg?versionId=v1|s3:DeleteObjectVersion arn:aws:s3:::photos/a/b.jpg",
        "POST|/photos/a/b.jpg?uploads|s3:PutObject arn:aws:s3:::photos/a/b.jpg",
        "PUT|/photos/a/b.jpg?partNumber=1&uploadId=u|s3:PutObject arn:aws:s3:::photos/a/b.jpg",
        "POST|/photos/a/b.jpg?uploadId=u|s3:PutObject arn:aws:s3:::photos/a/b.jpg",
        "DELETE|/photos/a/b.jpg?uploadId=u|s3:AbortMultipartUpload arn:aws:s3:::photos/a/b.jpg",
        "GET|/photos/a/b.jpg?uploadId=u|s3:ListMultipartUploadParts arn:aws:s3:::photos/a/b.jpg",
        "GET|/photos/a/b.jpg?tagging|s3:GetObjectTagging arn:aws:s3:::photos/a/b.jpg",
        "GET|/photos/a/b.jpg?tagging&versionId=v1|s3:GetObjectVersionTagging arn:aws:s3:::photos/a/b.jpg",
        "DELETE|/photos/a/b.jpg?tagging|s3:DeleteObjectTagging arn:aws:s3:::photos/a/b.jpg",
        "DELETE|/photos/a/b.jpg?tagging&versionId=v1|s3:DeleteObjectVersionTagging arn:aws:s3:::photos/a/b.jpg",
        "GET|/photos/a/b.jpg?acl|s3:GetObjectAcl arn:aws:s3:::photos/a/b.jpg",
        "GET|/photos/a/b.jpg?acl&versionId=v1|s3:GetObjectVersionAcl arn:aws:s3:::photos/a/b.jpg",
        "PUT|/photos/a/b.jpg?acl|s3:PutObjectAcl arn:aws:s3:::photos/a/b.jpg",
        "PUT|/photos/a/b.jpg?acl&versionId=v1|s3:PutObjectVersionAcl arn:aws:s3:::photos/a/b.jpg",
        "POST|/photos/a/b.jpg?select&select-type=2|s3:GetObject arn:aws:s3:::photos/a/b.jpg",
        "POST|/photos/a/b.jpg?restore|s3:RestoreObject arn:aws:s3:::photos/a/b.jpg",
    })
    void mapsOperationsToActionsAndResources(String method, String target, String expected) {
        assertEquals(expected, checks(required(request(method, target))));
    }

    @Test
    void everyOperationHasAnAction() {
        for (S3Operation op : S3Operation.all()) {
            if (op.name().equals("DeleteObjects") || op.name().equals("PutObjectTagging")) {
                continue;
            }
            S3Request r = new S3Request("GET", Optional.of("photos"), Optional.of("k"), Map.of(),
                    Map.of("x-amz-copy-source", "src/k"));
            assertTrue(!S3Permissions.required(op, r, OWNER).isEmpty(), op.name());
        }
    }

    @Test
    void listingCarriesItsParametersTyped() {
        Permission p = required(request("GET", "/photos?list-type=2&prefix=home/ana/&delimiter=/&max-keys=50")).get(0);
        assertEquals(ContextValue.string("home/ana/").values(), p.keys().get("s3:prefix").values());
        assertEquals(ContextType.STRING, p.keys().get("s3:prefix").type());
        assertEquals("/", p.keys().get("s3:delimiter").values().get(0));
        assertEquals(ContextType.NUMBER, p.keys().get("s3:max-keys").type());
        assertEquals(List.of("50"), p.keys().get("s3:max-keys").values());
        assertEquals(List.of("111122223333"), p.keys().get("s3:ResourceAccount").values());
    }

    @Test
    void aListingWithoutParametersHasNoListKeys() {
        Permission p = required(request("GET", "/photos")).get(0);
        assertEquals(Map.of("s3:ResourceAccount", "111122223333"), texts(p.keys()));
    }

    @Test
    void anEmptyPrefixIsPresentAndEmpty() {
        Permission p = required(request("GET", "/photos?prefix=")).get(0);
        assertEquals(List.of(""), p.keys().get("s3:prefix").values());
    }

    @Test
    void aVersionedReadCarriesTheVersionId() {
        Permission p = required(request("GET", "/photos/k?versionId=3HL4kqtJ")).get(0);
        assertEquals("s3:GetObjectVersion", p.action());
        assertEquals(List.of("3HL4kqtJ"), p.keys().get("s3:versionid").values());
    }

    @Test
    void listBucketsHasNoResourceAccount() {
        Permission p = S3Permissions.required(new S3Operation("ListBuckets"), request("GET", "/"), Optional.empty()).get(0);
        assertEquals(new Permission("s3:ListAllMyBuckets", "*", Map.of()), p);
    }

    @Test
    void copyObjectReadsTheSourceAndWritesTheTarget() {
        S3Request r = request("PUT", "/photos/copy%20of.jpg", "x-amz-copy-source", "/archive/2026/a%2Bb%20c.jpg",
                "x-amz-metadata-directive", "REPLACE");
        List<Permission> p = required(r);
        assertEquals("s3:PutObject arn:aws:s3:::photos/copy%20of.jpg, s3:GetObject arn:aws:s3:::archive/2026/a+b c.jpg",
                checks(p));
        assertEquals(List.of("archive/2026/a+b c.jpg"), p.get(0).keys().get("s3:x-amz-copy-source").values());
        assertEquals(List.of("REPLACE"), p.get(0).keys().get("s3:x-amz-metadata-directive").values());
        assertEquals(Map.of(), p.get(1).keys());
    }

    @Test
    void copyingAVersionReadsTheVersion() {
        S3Request r = request("PUT", "/photos/k", "x-amz-copy-source", "archive/old.jpg?versionId=v7");
        Permission source = required(r).get(1);
        assertEquals("s3:GetObjectVersion", source.action());
        assertEquals("arn:aws:s3:::archive/old.jpg", source.resource());
        assertEquals(List.of("v7"), source.keys().get("s3:versionid").values());
    }

    @Test
    void uploadPartCopyReadsTheSourceToo() {
        S3Request r = request("PUT", "/photos/k?partNumber=2&uploadId=u", "x-amz-copy-source", "archive/big.bin");
        assertEquals("s3:PutObject arn:aws:s3:::photos/k, s3:GetObject arn:aws:s3:::archive/big.bin", checks(required(r)));
    }

    @Test
    void aCopySourceWithoutKeyIsRefused() {
        S3Request r = request("PUT", "/photos/k", "x-amz-copy-source", "archive");
        ServiceException e = assertThrows(ServiceException.class, () -> required(r));
        assertEquals(AwsErrorCode.INVALID_ARGUMENT, e.errorCode());
        assertEquals("Copy Source must mention the source bucket and key: sourcebucket/sourcekey", e.getMessage());
    }

    @Test
    void putObjectWithTagsAlsoNeedsPutObjectTagging() {
        S3Request r = request("PUT", "/photos/k", "x-amz-tagging", "team=blue%20sky&env=prod");
        List<Permission> p = required(r);
        assertEquals("s3:PutObject arn:aws:s3:::photos/k, s3:PutObjectTagging arn:aws:s3:::photos/k", checks(p));
        for (Permission each : p) {
            assertEquals(List.of("blue sky"), each.keys().get("s3:RequestObjectTag/team").values());
            assertEquals(List.of("prod"), each.keys().get("s3:RequestObjectTag/env").values());
            ContextValue keys = each.keys().get("s3:RequestObjectTagKeys");
            assertTrue(keys.isMultiValued());
            assertEquals(List.of("team", "env"), keys.values());
        }
    }

    @Test
    void putObjectWithAnAclAlsoNeedsPutObjectAcl() {
        S3Request r = request("PUT", "/photos/k", "x-amz-acl", "public-read", "x-amz-server-side-encryption", "aws:kms",
                "x-amz-storage-class", "STANDARD_IA", "x-amz-object-lock-retain-until-date", "2027-01-01T00:00:00Z");
        List<Permission> p = required(r);
        assertEquals("s3:PutObject arn:aws:s3:::photos/k, s3:PutObjectAcl arn:aws:s3:::photos/k", checks(p));
        assertEquals(List.of("public-read"), p.get(0).keys().get("s3:x-amz-acl").values());
        assertEquals(List.of("aws:kms"), p.get(0).keys().get("s3:x-amz-server-side-encryption").values());
        assertEquals(List.of("STANDARD_IA"), p.get(0).keys().get("s3:x-amz-storage-class").values());
        assertEquals(ContextType.DATE, p.get(0).keys().get("s3:object-lock-retain-until-date").type());
        assertEquals(List.of("public-read"), p.get(1).keys().get("s3:x-amz-acl").values());
    }

    @Test
    void copyObjectTakesTagsOnlyWhenReplacingThem() {
        S3Request copying = request("PUT", "/photos/k", "x-amz-copy-source", "a/b", "x-amz-tagging", "t=1");
        assertEquals(2, required(copying).size());
        S3Request replacing = request("PUT", "/photos/k", "x-amz-copy-source", "a/b", "x-amz-tagging", "t=1",
                "x-amz-tagging-directive", "REPLACE");
        assertEquals("s3:PutObject arn:aws:s3:::photos/k, s3:PutObjectTagging arn:aws:s3:::photos/k,"
                + " s3:GetObject arn:aws:s3:::a/b", checks(required(replacing)));
    }

    @Test
    void putObjectTaggingTakesTheTagsOfItsBody() {
        S3Request r = request("PUT", "/photos/k?tagging&versionId=v2");
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("team", "blue");
        List<Permission> p = S3Permissions.forPutObjectTagging(r, tags, OWNER);
        assertEquals("s3:PutObjectVersionTagging arn:aws:s3:::photos/k", checks(p));
        assertEquals(List.of("blue"), p.get(0).keys().get("s3:RequestObjectTag/team").values());
        assertEquals(List.of("team"), p.get(0).keys().get("s3:RequestObjectTagKeys").values());
        assertEquals(List.of("v2"), p.get(0).keys().get("s3:versionid").values());
    }

    @Test
    void bodyDependentOperationsRefuseTheBodylessMethod() {
        S3Request tagging = request("PUT", "/photos/k?tagging");
        assertThrows(IllegalArgumentException.class,
                () -> S3Permissions.required(new S3Operation("PutObjectTagging"), tagging, OWNER));
        S3Request delete = request("POST", "/photos?delete");
        assertThrows(IllegalArgumentException.class,
                () -> S3Permissions.required(new S3Operation("DeleteObjects"), delete, OWNER));
        assertThrows(IllegalArgumentException.class,
                () -> S3Permissions.required(new S3Operation("NoSuchOperation"), delete, OWNER));
    }

    @Test
    void deleteObjectsChecksEveryKey() {
        S3Request r = request("POST", "/photos?delete");
        List<Permission> p = S3Permissions.forDeleteObjects(r,
                List.of(new ObjectIdentifier("a/1.jpg", Optional.empty()), new ObjectIdentifier("b.jpg", Optional.of("v9"))),
                OWNER);
        assertEquals("s3:DeleteObject arn:aws:s3:::photos/a/1.jpg, s3:DeleteObjectVersion arn:aws:s3:::photos/b.jpg",
                checks(p));
        assertEquals(List.of("v9"), p.get(1).keys().get("s3:versionid").values());
        assertEquals(List.of("111122223333"), p.get(0).keys().get("s3:ResourceAccount").values());
    }

    @Test
    void bypassingGovernanceRetentionIsItsOwnCheck() {
        S3Request r = request("POST", "/photos?delete", "x-amz-bypass-governance-retention", "true");
        List<Permission> p = S3Permissions.forDeleteObjects(r, List.of(new ObjectIdentifier("a", Optional.empty())), OWNER);
        assertEquals("s3:DeleteObject arn:aws:s3:::photos/a, s3:BypassGovernanceRetention arn:aws:s3:::photos/a", checks(p));
        S3Request one = request("DELETE", "/photos/a", "x-amz-bypass-governance-retention", "true");
        assertEquals("s3:DeleteObject arn:aws:s3:::photos/a, s3:BypassGovernanceRetention arn:aws:s3:::photos/a",
                checks(required(one)));
    }

    @Test
    void createBucketCarriesLocationAndAcl() {
        S3Request r = request("PUT", "/new-bucket", "x-amz-acl", "private", "x-amz-object-ownership", "BucketOwnerEnforced",
                "x-amz-bucket-object-lock-enabled", "true");
        List<Permission> p = S3Permissions.forCreateBucket(r, Optional.of("eu-west-1"));
        assertEquals("s3:CreateBucket arn:aws:s3:::new-bucket, s3:PutBucketAcl arn:aws:s3:::new-bucket,"
                + " s3:PutBucketObjectLockConfiguration arn:aws:s3:::new-bucket,"
                + " s3:PutBucketVersioning arn:aws:s3:::new-bucket,"
                + " s3:PutBucketOwnershipControls arn:aws:s3:::new-bucket", checks(p));
        assertEquals(List.of("eu-west-1"), p.get(0).keys().get("s3:LocationConstraint").values());
        assertEquals(List.of("private"), p.get(0).keys().get("s3:x-amz-acl").values());
        assertEquals(List.of("BucketOwnerEnforced"), p.get(0).keys().get("s3:x-amz-object-ownership").values());
        assertTrue(!p.get(0).keys().containsKey("s3:ResourceAccount"));
    }

    @Test
    void createBucketWithoutBodyHasNoLocationConstraint() {
        List<Permission> p = S3Permissions.required(new S3Operation("CreateBucket"), request("PUT", "/new-bucket"),
                Optional.empty());
        assertEquals(List.of(new Permission("s3:CreateBucket", "arn:aws:s3:::new-bucket", Map.of())), p);
    }

    @Test
    void getObjectAttributesAlsoNeedsTheRead() {
        S3Request r = request("GET", "/photos/k?attributes", "x-amz-object-attributes", "ETag");
        assertEquals("s3:GetObjectAttributes arn:aws:s3:::photos/k, s3:GetObject arn:aws:s3:::photos/k",
                checks(required(r)));
        S3Request v = request("GET", "/photos/k?attributes&versionId=1", "x-amz-object-attributes", "ETag");
        assertEquals("s3:GetObjectVersionAttributes arn:aws:s3:::photos/k, s3:GetObjectVersion arn:aws:s3:::photos/k",
                checks(required(v)));
    }

    private static Map<String, String> texts(Map<String, ContextValue> keys) {
        Map<String, String> out = new LinkedHashMap<>();
        keys.forEach((k, v) -> out.put(k, String.join(",", v.values())));
        return out;
    }
}
