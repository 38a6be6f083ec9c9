package io.charter.server.s3;

import static io.charter.server.s3.S3Requests.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class S3OperationTest {
    /**
     * Operations whose requests are another's: deprecated ones share their route with their successor,
     * and ListDirectoryBuckets is GET / on the S3 Express control endpoint only.
     */
    private static final Map<String, String> SHADOWED = Map.of(
            "GetBucketLifecycle", "GetBucketLifecycleConfiguration",
            "PutBucketLifecycle", "PutBucketLifecycleConfiguration",
            "GetBucketNotification", "GetBucketNotificationConfiguration",
            "PutBucketNotification", "PutBucketNotificationConfiguration",
            "ListDirectoryBuckets", "ListBuckets");

    /** Every operation of the model, from the example request tools/s3-operations.py --examples made for it. */
    static Stream<Arguments> examples() throws IOException {
        List<Arguments> out = new ArrayList<>();
        try (InputStream in = S3OperationTest.class.getResourceAsStream("operation-examples.tsv")) {
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                Map<String, List<String>> query = new LinkedHashMap<>();
                for (String pair : f[4].split("&")) {
                    if (!pair.isEmpty()) {
                        int eq = pair.indexOf('=');
                        query.put(pair.substring(0, eq), List.of(pair.substring(eq + 1)));
                    }
                }
                Map<String, String> headers = new LinkedHashMap<>();
                for (String h : f[5].split("\\|")) {
                    if (!h.isEmpty()) {
                        int colon = h.indexOf(':');
                        headers.put(h.substring(0, colon), h.substring(colon + 1));
                    }
                }
                S3Request request = new S3Request(f[1], f[2].isEmpty() ? Optional.empty() : Optional.of(f[2]),
                        f[3].isEmpty() ? Optional.empty() : Optional.of(f[3]), query, headers);
                out.add(Arguments.of(f[0], request));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void identifiesEveryOperationOfTheModel(String operation, S3Request request) {
        String expected = SHADOWED.getOrDefault(operation, operation);
        assertEquals(Optional.of(new S3Operation(expected)), S3Operation.identify(request));
    }

    @Test
    void theTableHoldsEveryOperationOfTheModel() throws IOException {
        assertEquals(examples().count(), S3Operation.all().size());
        assertEquals(111, S3Operation.all().size());
        assertTrue(S3Operation.all().contains(new S3Operation("ListObjectsV2")));
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource(delimiter = ' ', nullValues = "-", value = {
        "GET / - ListBuckets",
        "GET /photos - ListObjects",
        "GET /photos?prefix=2026/&delimiter=/ - ListObjects",
        "GET /photos?list-type=2&prefix=a&max-keys=10 - ListObjectsV2",
        "GET /photos?list-type=1 - ListObjects",
        "GET /photos?versions&prefix=a - ListObjectVersions",
        "GET /photos?uploads - ListMultipartUploads",
        "GET /photos?location - GetBucketLocation",
        "GET /photos?policy - GetBucketPolicy",
        "PUT /photos?policy - PutBucketPolicy",
        "DELETE /photos?policy - DeleteBucketPolicy",
        "GET /photos?acl - GetBucketAcl",
        "PUT /photos?acl - PutBucketAcl",
        "GET /photos?versioning - GetBucketVersioning",
        "PUT /photos?versioning - PutBucketVersioning",
        "GET /photos?tagging - GetBucketTagging",
        "PUT /photos?tagging - PutBucketTagging",
        "DELETE /photos?tagging - DeleteBucketTagging",
        "GET /photos?lifecycle - GetBucketLifecycleConfiguration",
        "GET /photos?analytics - ListBucketAnalyticsConfigurations",
        "GET /photos?analytics&id=a1 - GetBucketAnalyticsConfiguration",
        "GET /photos?unknown-parameter - ListObjects",
        "HEAD /photos - HeadBucket",
        "PUT /photos - CreateBucket",
        "DELETE /photos - DeleteBucket",
        "POST /photos?delete - DeleteObjects",
        "GET /photos/a/b.jpg - GetObject",
        "GET /photos/a/b.jpg?versionId=3 - GetObject",
        "GET /photos/a/b.jpg?partNumber=2 - GetObject",
        "HEAD /photos/a/b.jpg - HeadObject",
        "PUT /photos/a/b.jpg - PutObject",
        "PUT /photos/a/b.jpg x-amz-copy-source CopyObject",
        "DELETE /photos/a/b.jpg - DeleteObject",
        "DELETE /photos/a/b.jpg?versionId=3 - DeleteObject",
        "POST /photos/a/b.jpg?uploads - CreateMultipartUpload",
        "PUT /photos/a/b.jpg?partNumber=1&uploadId=u - UploadPart",
        "PUT /photos/a/b.jpg?partNumber=1&uploadId=u x-amz-copy-source UploadPartCopy",
        "POST /photos/a/b.jpg?uploadId=u - CompleteMultipartUpload",
        "DELETE /photos/a/b.jpg?uploadId=u - AbortMultipartUpload",
        "GET /photos/a/b.jpg?uploadId=u - ListParts",
        "GET /photos/a/b.jpg?tagging - GetObjectTagging",
        "PUT /photos/a/b.jpg?tagging - PutObjectTagging",
        "DELETE /photos/a/b.jpg?tagging&versionId=3 - DeleteObjectTagging",
        "GET /photos/a/b.jpg?acl - GetObjectAcl",
        "PUT /photos/a/b.jpg?acl - PutObjectAcl",
        "GET /photos/a/b.jpg?attributes - GetObject",
        "GET /photos/a/b.jpg?attributes x-amz-object-attributes GetObjectAttributes",
        "POST /photos/a/b.jpg?select&select-type=2 - SelectObjectContent",
        "POST /photos/a/b.jpg?restore - RestoreObject",
    })
    void identifiesRequestsAsClientsSendThem(String method, String target, String header, String expected) {
        S3Request r = header == null ? request(method, target) : request(method, target, header, "/src/k");
        assertEquals(Optional.of(new S3Operation(expected)), S3Operation.identify(r));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = ' ', value = {
        "POST /photos",
        "HEAD /",
        "PUT /",
        "POST /photos/a/b.jpg",
        "PATCH /photos/a",
    })
    void aRequestThatFitsNoOperationHasNone(String method, String target) {
        assertEquals(Optional.empty(), S3Operation.identify(request(method, target)));
    }
}
