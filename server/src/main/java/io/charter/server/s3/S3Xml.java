package io.charter.server.s3;

import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.ServiceException;
import io.charter.server.identity.Bucket;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The XML documents Charter itself writes and reads for S3 (the object store writes the rest):
 * errors, {@code ListAllMyBucketsResult}, {@code LocationConstraint}; {@code
 * CreateBucketConfiguration} and DeleteObjects' {@code Delete} read with a parser that refuses
 * document type declarations (no entities, no external fetches). Stateless.
 */
final class S3Xml {
    static final String NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/";
    static final String CONTENT_TYPE = "application/xml";
    private static final String DECLARATION = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    /** S3's dates: ISO 8601 with milliseconds, UTC. */
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private S3Xml() {
    }

    /** S3's error document; {@code resource} (a bucket or key) is added when known, as S3 does. */
    static byte[] error(ServiceException error, Optional<String> bucket, String requestId, String hostId) {
        StringBuilder xml = new StringBuilder(256).append(DECLARATION).append("<Error>");
        element(xml, "Code", error.errorCode().code());
        element(xml, "Message", error.getMessage());
        bucket.ifPresent(b -> element(xml, "BucketName", b));
        element(xml, "RequestId", requestId);
        element(xml, "HostId", hostId);
        return xml.append("</Error>").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** ListBuckets' answer: the account's buckets, owned by its canonical user. */
    static byte[] bucketList(String ownerId, String ownerName, List<Bucket> buckets, Optional<String> prefix,
            Optional<String> continuationToken) {
        StringBuilder xml = new StringBuilder(256 + 128 * buckets.size()).append(DECLARATION)
                .append("<ListAllMyBucketsResult xmlns=\"").append(NAMESPACE).append("\"><Owner>");
        element(xml, "ID", ownerId);
        element(xml, "DisplayName", ownerName);
        xml.append("</Owner><Buckets>");
        for (Bucket bucket : buckets) {
            xml.append("<Bucket>");
            element(xml, "Name", bucket.name());
            element(xml, "CreationDate", date(bucket.createdAt()));
            element(xml, "BucketRegion", bucket.region());
            xml.append("</Bucket>");
        }
        xml.append("</Buckets>");
        continuationToken.ifPresent(token -> element(xml, "ContinuationToken", token));
        prefix.ifPresent(p -> element(xml, "Prefix", p));
        return xml.append("</ListAllMyBucketsResult>").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** GetBucketLocation's answer: empty for us-east-1, as S3 answers. */
    static byte[] location(String region) {
        StringBuilder xml = new StringBuilder(160).append(DECLARATION)
                .append("<LocationConstraint xmlns=\"").append(NAMESPACE).append("\">");
        if (!region.equals(S3Endpoint.DEFAULT_REGION)) {
            escape(xml, region);
        }
        return xml.append("</LocationConstraint>").toString().getBytes(StandardCharsets.UTF_8);
    }

    static String date(Instant instant) {
        return DATE.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }

    /** The {@code LocationConstraint} of a CreateBucket body; empty for an empty body or none given. */
    static Optional<String> locationConstraint(byte[] body) {
        if (body.length == 0) {
            return Optional.empty();
        }
        Element root = parse(body).getDocumentElement();
        if (!root.getLocalName().equals("CreateBucketConfiguration")) {
            throw malformed();
        }
        return firstChild(root, "LocationConstraint").map(Node::getTextContent).map(String::strip)
                .filter(s -> !s.isEmpty());
    }

    /** The objects a DeleteObjects body names, in order. */
    static List<ObjectIdentifier> deleteObjects(byte[] body) {
        Element root = parse(body).getDocumentElement();
        if (!root.getLocalName().equals("Delete")) {
            throw malformed();
        }
        List<ObjectIdentifier> objects = new ArrayList<>();
        NodeList children = root.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element object && object.getLocalName().equals("Object")) {
                String key = firstChild(object, "Key").map(Node::getTextContent).orElseThrow(S3Xml::malformed);
                Optional<String> version = firstChild(object, "VersionId").map(Node::getTextContent);
                objects.add(new ObjectIdentifier(key, version));
            }
        }
        if (objects.isEmpty() || objects.size() > 1000) {
            throw malformed();
        }
        return objects;
    }

    /** The tags of a PutObjectTagging body ({@code Tagging/TagSet/Tag/Key,Value}), in order. */
    static Map<String, String> tags(byte[] body) {
        Element root = parse(body).getDocumentElement();
        if (!root.getLocalName().equals("Tagging")) {
            throw malformed();
        }
        Map<String, String> tags = new LinkedHashMap<>();
        Element set = firstChild(root, "TagSet").map(Element.class::cast).orElseThrow(S3Xml::malformed);
        NodeList children = set.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element tag && tag.getLocalName().equals("Tag")) {
                String key = firstChild(tag, "Key").map(Node::getTextContent).orElseThrow(S3Xml::malformed);
                String value = firstChild(tag, "Value").map(Node::getTextContent).orElse("");
                if (tags.put(key, value) != null) {
                    throw new ServiceException(AwsErrorCode.INVALID_ARGUMENT, "Cannot provide multiple Tags with the same key");
                }
            }
        }
        return tags;
    }

    /** A DeleteObjects body naming only {@code objects}, with the original's {@code Quiet}. */
    static byte[] deleteObjects(List<ObjectIdentifier> objects, boolean quiet) {
        StringBuilder xml = new StringBuilder(DECLARATION).append("<Delete xmlns=\"").append(NAMESPACE).append("\">");
        if (quiet) {
            xml.append("<Quiet>true</Quiet>");
        }
        for (ObjectIdentifier object : objects) {
            xml.append("<Object>");
            element(xml, "Key", object.key());
            object.versionId().ifPresent(v -> element(xml, "VersionId", v));
            xml.append("</Object>");
        }
        return xml.append("</Delete>").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Whether a DeleteObjects body asks for quiet mode. */
    static boolean quiet(byte[] body) {
        Element root = parse(body).getDocumentElement();
        return firstChild(root, "Quiet").map(Node::getTextContent).map(String::strip).filter("true"::equalsIgnoreCase)
                .isPresent();
    }

    /** A DeleteObjects answer with nothing in it, for a request whose every object Charter refused. */
    static final byte[] EMPTY_DELETE_RESULT = (DECLARATION + "<DeleteResult xmlns=\"" + NAMESPACE + "\"></DeleteResult>")
            .getBytes(StandardCharsets.UTF_8);

    /**
     * The store's DeleteObjects answer with an {@code AccessDenied} error for each object Charter
     * refused, as S3 answers them (in quiet mode too). Read as XML, never spliced as text.
     *
     * @throws IllegalStateException when the store's answer is not a {@code DeleteResult} (fail closed: 500)
     */
    static byte[] withRefused(byte[] deleteResult, List<ObjectIdentifier> refused) {
        Document document;
        try {
            document = parse(deleteResult);
        } catch (ServiceException e) {
            throw new IllegalStateException("the store's DeleteObjects answer is not XML", e);
        }
        Element root = document.getDocumentElement();
        if (!"DeleteResult".equals(root.getLocalName())) {
            throw new IllegalStateException("the store's DeleteObjects answer is not a DeleteResult");
        }
        String namespace = root.getNamespaceURI();
        for (ObjectIdentifier object : refused) {
            Element error = document.createElementNS(namespace, "Error");
            append(document, error, namespace, "Key", object.key());
            object.versionId().ifPresent(v -> append(document, error, namespace, "VersionId", v));
            append(document, error, namespace, "Code", AwsErrorCode.ACCESS_DENIED.code());
            append(document, error, namespace, "Message", S3Errors.ACCESS_DENIED);
            root.appendChild(error);
        }
        try {
            TransformerFactory factory = TransformerFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            Transformer transformer = factory.newTransformer();
            ByteArrayOutputStream out = new ByteArrayOutputStream(deleteResult.length + 160 * refused.size());
            transformer.transform(new DOMSource(document), new StreamResult(out));
            return out.toByteArray();
        } catch (TransformerException e) {
            throw new IllegalStateException("the DeleteObjects answer could not be written", e);
        }
    }

    private static void append(Document document, Element parent, String namespace, String name, String text) {
        Element child = document.createElementNS(namespace, name);
        child.setTextContent(text);
        parent.appendChild(child);
    }

    private static Document parse(byte[] body) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            return builder.parse(new ByteArrayInputStream(body));
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser cannot be configured safely", e);
        } catch (Exception e) {
            throw malformed();
        }
    }

    private static Optional<Node> firstChild(Element parent, String name) {
        NodeList children = parent.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            Node child = children.item(i);
            if (child instanceof Element element && element.getLocalName().equals(name)) {
                return Optional.of(child);
            }
        }
        return Optional.empty();
    }

    private static ServiceException malformed() {
        return new ServiceException(AwsErrorCode.MALFORMED_XML,
                "The XML you provided was not well-formed or did not validate against our published schema");
    }

    private static void element(StringBuilder xml, String name, String value) {
        xml.append('<').append(name).append('>');
        escape(xml, value);
        xml.append("</").append(name).append('>');
    }

    static void escape(StringBuilder xml, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '<' -> xml.append("&lt;");
                case '>' -> xml.append("&gt;");
                case '&' -> xml.append("&amp;");
                case '"' -> xml.append("&quot;");
                case '\'' -> xml.append("&apos;");
                case '\r' -> xml.append("&#13;");
                default -> xml.append(c);
            }
        }
    }
}
