package io.charter.server.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.ServiceException;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;

/**
 * Coverage-guided fuzzing of the two wire decoders (Jazzer; see docs/FUZZING.md), over the
 * server's real models. {@code queryForm}: an input is an AWS Query form body; {@code jsonBody}:
 * the first line is the {@code X-Amz-Target}, the rest the AWS JSON 1.1 body. The seeds in
 * {@code WireFuzzTestInputs} are requests as the SDKs send them.
 *
 * <p>The invariants: decoding succeeds or throws a {@link ServiceException} that is the client's
 * fault (4xx), nothing else; the error envelope of that exception is well-formed XML or JSON
 * naming its code; and form parameters that parsed encode back to the same parameters.
 */
class WireFuzzTest {
    private static final QueryCodec QUERY = TestSupport.stsAndIam();
    private static final JsonCodec JSON = TestSupport.organizationsAndCharter();
    private static final List<Optional<String>> SCOPES = List.of(Optional.empty(), Optional.of("sts"),
            Optional.of("iam"));

    @FuzzTest(maxDuration = "2m")
    void queryForm(byte[] body) throws Exception {
        FormParameters params;
        try {
            params = FormParameters.parseForm(body);
        } catch (ServiceException e) {
            assertEquals(AwsErrorCode.MALFORMED_QUERY_STRING, e.errorCode());
            assertWellFormedXml(e);
            return;
        }
        assertEquals(List.copyOf(params.asMap().entrySet()),
                List.copyOf(FormParameters.parseForm(encode(params.asMap())).asMap().entrySet()));
        for (Optional<String> scope : SCOPES) {
            try {
                assertNotNull(QUERY.decode(params, scope).operation());
            } catch (ServiceException e) {
                assertClientFault(e);
                assertWellFormedXml(e);
            }
        }
    }

    @FuzzTest(maxDuration = "2m")
    void jsonBody(byte[] input) throws Exception {
        int newline = indexOf(input, (byte) '\n');
        String target = new String(input, 0, newline, UTF_8);
        byte[] body = newline < input.length ? Arrays.copyOfRange(input, newline + 1, input.length) : new byte[0];
        try {
            assertNotNull(JSON.decode(target, body).operation());
        } catch (ServiceException e) {
            assertClientFault(e);
            JsonNode error = TestSupport.JSON.readTree(JSON.encodeError(e));
            assertEquals(e.errorCode().code(), error.path("__type").asText());
        }
    }

    private static void assertClientFault(ServiceException e) {
        assertTrue(e.httpStatus() >= 400 && e.httpStatus() < 500, () -> e.errorCode() + ": " + e.getMessage());
    }

    private static void assertWellFormedXml(ServiceException e) throws Exception {
        byte[] xml = QUERY.encodeError(null, e, "fuzz-request");
        Document document = xmlParser().parse(new ByteArrayInputStream(xml));
        assertEquals(e.errorCode().code(), document.getElementsByTagName("Code").item(0).getTextContent());
    }

    private static DocumentBuilder xmlParser() throws ParserConfigurationException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder();
    }

    private static byte[] encode(Map<String, String> params) {
        List<String> pairs = new ArrayList<>();
        params.forEach((name, value) -> pairs.add(URLEncoder.encode(name, UTF_8) + "=" + URLEncoder.encode(value, UTF_8)));
        return String.join("&", pairs).getBytes(UTF_8);
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return bytes.length;
    }
}
