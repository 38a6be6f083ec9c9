package io.charter.server.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The examples of the S3 User Guide's "General purpose bucket naming rules", and each rule's edges. */
class BucketNamesTest {
    @ParameterizedTest
    @ValueSource(strings = {"docexamplebucket1", "log-delivery-march-2020", "my-hosted-content", "docexamplewebsite.com",
        "www.docexamplewebsite.com", "my.example.s3.bucket", "abc", "a-b", "1-2", "a.b.c", "123",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "192.168.5", "1.2.3.4.5", "xn-a",
        "my-s3alias-bucket", "sthree", "demo-amzn-s3-demo-1"})
    void valid(String name) {
        assertEquals(Optional.empty(), BucketNames.problemWith(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"doc_example_bucket", "DocExampleBucket", "doc-example-bucket-", "ab", "",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "-bucket", ".bucket", "bucket.",
        "my..bucket", "192.168.5.4", "10.0.0.256", "xn--bucket", "sthree-bucket", "sthree-configurator",
        "amzn-s3-demo-bucket", "bucket-s3alias", "bucket--ol-s3", "bucket.mrap", "bucket--x-s3", "bucket--table-s3",
        "bucket name", "bücket"})
    void invalid(String name) {
        Optional<String> problem = BucketNames.problemWith(name);
        assertTrue(problem.isPresent(), name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"my..bucket"})
    void saysWhichRule(String name) {
        assertEquals(Optional.of("a bucket name has no two adjacent dots: 'my..bucket'"), BucketNames.problemWith(name));
        assertEquals("The specified bucket is not valid.", BucketNames.MESSAGE);
    }
}
