package io.charter.server.e2e;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * A program of its own (run in its own JVM by {@link InstanceMetadataEndToEndTest}) that answers
 * each line read with who the Java SDK v2's default credential chain is, as one JSON line: one
 * client for the whole run, as a service keeps one, so the SDK's own caching and refreshing of
 * instance-profile credentials is what is tested.
 */
public final class SdkIdentityProbe {
    private SdkIdentityProbe() {
    }

    public static void main(String[] args) throws Exception {
        DefaultCredentialsProvider credentials = DefaultCredentialsProvider.builder().build();
        try (StsClient sts = StsClient.builder().credentialsProvider(credentials).region(Region.US_EAST_1)
                .endpointOverride(URI.create(System.getenv("AWS_ENDPOINT_URL"))).build()) {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            while (in.readLine() != null) {
                try {
                    GetCallerIdentityResponse identity = sts.getCallerIdentity();
                    AwsCredentials used = credentials.resolveCredentials();
                    System.out.println("{\"Arn\":\"" + identity.arn() + "\",\"AccessKeyId\":\"" + used.accessKeyId()
                            + "\"}");
                } catch (RuntimeException e) {
                    System.out.println("{\"Error\":\"" + e.getClass().getSimpleName() + ": "
                            + String.valueOf(e.getMessage()).replace('"', '\'').replace('\n', ' ') + "\"}");
                }
                System.out.flush();
            }
        }
    }
}
