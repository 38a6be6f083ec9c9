package io.charter.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.charter.sigv4.Credentials;
import io.charter.sigv4.Header;
import io.charter.sigv4.Payload;
import io.charter.sigv4.SigV4Signer;
import io.charter.sigv4.SignableRequest;
import io.charter.sigv4.SigningParams;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small client of a running Charter, signed with SigV4 like any AWS client, so that the
 * {@code charter accounts} and {@code charter roles} commands go through the same services, and
 * the same authorization, as {@code aws organizations} and {@code aws iam}.
 */
final class CharterClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI endpoint;
    private final Credentials credentials;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    CharterClient(URI endpoint, Credentials credentials, Clock clock) {
        this.endpoint = endpoint;
        this.credentials = credentials;
        this.clock = clock;
    }

    /** Reads the {@code default} profile of an AWS shared-credentials file. */
    static Credentials fromCredentialsFile(Path file) throws IOException {
        Properties profile = new Properties();
        boolean inDefault = false;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String trimmed = line.trim();
            if (trimmed.startsWith("[")) {
                inDefault = trimmed.equals("[default]");
            } else if (inDefault && trimmed.contains("=")) {
                try (Reader reader = new StringReader(trimmed)) {
                    profile.load(reader);
                }
            }
        }
        String id = profile.getProperty("aws_access_key_id");
        String secret = profile.getProperty("aws_secret_access_key");
        if (id == null || secret == null) {
            throw new IOException("no [default] access key in " + file);
        }
        return Credentials.of(id.trim(), secret.trim());
    }

    /** Calls an Organizations operation; returns the parsed JSON answer or throws with AWS's error. */
    JsonNode call(String operation, String jsonBody) throws IOException, InterruptedException {
        return callJson("organizations", "AWSOrganizationsV20161128", operation, jsonBody);
    }

    /** Calls a CloudTrail operation (AWS JSON 1.1); returns the parsed JSON answer or throws with AWS's error. */
    JsonNode cloudtrail(String operation, String jsonBody) throws IOException, InterruptedException {
        return callJson("cloudtrail", "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101", operation, jsonBody);
    }

    /** Calls one of Charter's own operator operations (service {@code charter}). */
    JsonNode admin(String operation, String jsonBody) throws IOException, InterruptedException {
        return callJson("charter", "Charter_20261101", operation, jsonBody);
    }

    private JsonNode callJson(String service, String targetPrefix, String operation, String jsonBody)
            throws IOException, InterruptedException {
        HttpResponse<String> response = send(service, List.of(
                new Header("Content-Type", "application/x-amz-json-1.1"),
                new Header("X-Amz-Target", targetPrefix + "." + operation)), jsonBody);
        JsonNode body = JSON.readTree(response.body().isEmpty() ? "{}" : response.body());
        if (response.statusCode() != 200) {
            throw new IOException(body.path("__type").asText("HTTP " + response.statusCode()) + ": "
                    + body.path("message").asText(""));
        }
        return body;
    }

    /** Calls an IAM operation (AWS Query); returns the XML answer or throws with AWS's error code and message. */
    String iam(String action, Map<String, String> parameters) throws IOException, InterruptedException {
        StringBuilder form = new StringBuilder("Action=").append(action).append("&Version=2010-05-08");
        parameters.forEach((k, v) -> form.append('&').append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20")));
        HttpResponse<String> response = send("iam", List.of(
                new Header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")), form.toString());
        if (response.statusCode() != 200) {
            Matcher code = Pattern.compile("<Code>([^<]*)</Code>").matcher(response.body());
            Matcher message = Pattern.compile("<Message>([^<]*)</Message>").matcher(response.body());
            throw new IOException((code.find() ? code.group(1) : "HTTP " + response.statusCode()) + ": "
                    + (message.find() ? message.group(1) : ""));
        }
        return response.body();
    }

    private HttpResponse<String> send(String service, List<Header> headers, String body)
            throws IOException, InterruptedException {
        String host = endpoint.getHost() + (endpoint.getPort() > 0 ? ":" + endpoint.getPort() : "");
        List<Header> all = new ArrayList<>(headers);
        all.add(0, new Header("Host", host));
        SignableRequest request = new SigV4Signer().sign(new SignableRequest("POST", "/", "", all, Payload.ofUtf8(body)),
                SigningParams.of(credentials, "us-east-1", service, clock.instant())).request();
        HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint.resolve("/"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.payload().bytes()));
        for (Header header : request.headers()) {
            if (!header.name().equalsIgnoreCase("host")) {
                builder.header(header.name(), header.value());
            }
        }
        try {
            return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new IOException("cannot reach Charter at " + endpoint + ": is it running (./charter serve)?");
        }
    }

    static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
