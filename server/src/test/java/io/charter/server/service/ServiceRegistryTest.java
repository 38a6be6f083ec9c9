package io.charter.server.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charter.server.TestServer;
import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.ServiceException;
import io.charter.server.protocol.FormParameters;
import io.charter.server.protocol.ServiceModel;
import io.charter.server.protocol.StructValue;
import io.charter.server.protocol.WireProtocol;
import io.charter.server.service.SessionRules.Access;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The registry is where a server's services are checked at start and every table derives from. */
class ServiceRegistryTest {
    private static final ServiceModel IAM = ServiceModel.load("iam");
    private static final ServiceModel STS = ServiceModel.load("sts");
    private static final Operation.Body EMPTY = (context, input) -> StructValue.EMPTY;

    @Test
    void anOperationTheModelDoesNotHaveFailsTheStart() {
        ServiceDescriptor misspelt = new ServiceDescriptor(IAM, SessionRules.NONE,
                List.of(Operation.of("GetRole", EMPTY), Operation.of("CreateRoel", EMPTY)));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ServiceRegistry.of(List.of(misspelt)));
        assertEquals("the service iam registers the operation 'CreateRoel', which its model 'iam' does not have",
                e.getMessage());
    }

    @Test
    void anOperationOrAServiceRegisteredTwiceFailsTheStart() {
        ServiceDescriptor twice = new ServiceDescriptor(IAM, SessionRules.NONE,
                List.of(Operation.of("GetRole", EMPTY), Operation.of("GetRole", EMPTY)));
        assertEquals("the service iam registers the operation GetRole twice",
                assertThrows(IllegalStateException.class, () -> ServiceRegistry.of(List.of(twice))).getMessage());
        ServiceDescriptor once = new ServiceDescriptor(IAM, SessionRules.NONE, List.of(Operation.of("GetRole", EMPTY)));
        assertEquals("the service iam is registered twice",
                assertThrows(IllegalStateException.class, () -> ServiceRegistry.of(List.of(once, once))).getMessage());
    }

    @Test
    void sessionRulesMayNameOnlyRegisteredOperations() {
        ServiceDescriptor sts = new ServiceDescriptor(STS,
                new SessionRules(Access.only("GetCallerIdentity", "AssumeRoel"), Access.ALL),
                List.of(Operation.of("GetCallerIdentity", EMPTY)));
        assertEquals("the session rules of sts name the operation 'AssumeRoel', which the service does not register",
                assertThrows(IllegalStateException.class, () -> ServiceRegistry.of(List.of(sts))).getMessage());
    }

    @Test
    void theCodecsAndTheVerifiersServicesDeriveFromTheRegisteredServices() {
        ServiceRegistry registry = ServiceRegistry.of(List.of(
                new ServiceDescriptor(STS, SessionRules.NONE, List.of(Operation.of("GetCallerIdentity", EMPTY))),
                new ServiceDescriptor(IAM, SessionRules.NONE, List.of(Operation.of("GetRole", EMPTY)))));
        assertEquals(List.of("sts", "iam"), List.copyOf(registry.signingNames()));
        assertTrue(registry.serves("iam", "GetRole"));
        assertFalse(registry.serves("iam", "GetUser"), "in the model, not registered");
        assertEquals(Optional.empty(), registry.operation("sts", "GetRole"));
        assertEquals("GetRole", registry.operation("iam", "GetRole").orElseThrow().name());
        // An operation the model has but the service does not register does not exist.
        ServiceException unknown = assertThrows(ServiceException.class, () -> registry.queryCodec()
                .decode(FormParameters.parseQuery("Action=GetUser&Version=2010-05-08"), Optional.of("iam")));
        assertEquals(AwsErrorCode.INVALID_ACTION, unknown.errorCode());
        assertEquals("GetRole", registry.queryCodec()
                .decode(FormParameters.parseQuery("Action=GetRole&Version=2010-05-08&RoleName=r"), Optional.of("iam"))
                .operation().name());
        assertEquals(WireProtocol.AWS_QUERY, registry.services().get(0).protocol());
    }

    @Test
    void theServerServesItsSixServicesEachUnderItsModelsProtocol() {
        try (TestServer server = TestServer.start()) {
            ServiceRegistry registry = server.server().requestPath().registry();
            assertEquals(Set.of("sts", "iam", "organizations", "charter", "ec2", "cloudtrail"), registry.signingNames());
            for (ServiceDescriptor service : registry.services()) {
                for (Operation operation : service.operations()) {
                    assertTrue(service.model().operation(operation.name()).isPresent(), operation.name());
                }
            }
            assertEquals(List.of(WireProtocol.AWS_QUERY, WireProtocol.AWS_QUERY, WireProtocol.AWS_JSON_1_1,
                    WireProtocol.AWS_JSON_1_1, WireProtocol.EC2, WireProtocol.AWS_JSON_1_1),
                    registry.services().stream().map(ServiceDescriptor::protocol).toList());
            assertTrue(registry.ec2Codec().isPresent());
        }
    }

    @Test
    void aServiceMayRegisterNoOperationYet() {
        ServiceModel ec2 = ServiceModel.load("ec2");
        ServiceRegistry registry = ServiceRegistry.of(List.of(
                new ServiceDescriptor(STS, SessionRules.NONE, List.of(Operation.of("GetCallerIdentity", EMPTY))),
                new ServiceDescriptor(ec2, SessionRules.NONE, List.of())));
        assertEquals(List.of("sts", "ec2"), List.copyOf(registry.signingNames()));
        assertFalse(registry.serves("ec2", "DescribeInstances"));
        ServiceException unknown = assertThrows(ServiceException.class, () -> registry.ec2Codec().orElseThrow()
                .decode(FormParameters.parseQuery("Action=DescribeInstances&Version=2016-11-15")));
        assertEquals(AwsErrorCode.INVALID_ACTION, unknown.errorCode());
        assertEquals(Optional.empty(), ServiceRegistry.of(List.of(
                new ServiceDescriptor(STS, SessionRules.NONE, List.of()))).ec2Codec());
    }
}
