package io.charter.server.error;


/**
 * Every AWS error code Charter returns, each with the one HTTP status and fault type it is
 * sent with. This is the single place that maps a code to its status: handlers throw
 * {@link ServiceException} with a code, the codec renders it.
 *
 * <p>Modeled codes come from the {@code error} traits of the STS, IAM and Organizations models (a
 * test checks that every modeled exception of {@code sts.json}/{@code iam.json}/
 * {@code organizations.json} is here with the same status). The others are the common
 * query-protocol and AWS JSON protocol errors; where AWS's documentation is inconsistent the
 * choice is stated on the constant.
 */
public enum AwsErrorCode {
    // ---- common to every query service (not in the models) ----
    ACCESS_DENIED("AccessDenied", 403),
    VALIDATION_ERROR("ValidationError", 400),
    /** Unknown action, or a {@code Version} that does not match the service's apiVersion. */
    INVALID_ACTION("InvalidAction", 400),
    /** No {@code Action} parameter at all (AWS common errors: "MissingAction", 400). */
    MISSING_ACTION("MissingAction", 400),
    MISSING_PARAMETER("MissingParameter", 400),
    /**
     * A value that cannot be converted to its member's type (a non-numeric integer, a boolean
     * other than true/false, a bad timestamp or base64 blob). AWS documents this code as "an
     * invalid or out-of-range value was supplied for the input parameter".
     */
    INVALID_PARAMETER_VALUE("InvalidParameterValue", 400),
    INVALID_PARAMETER_COMBINATION("InvalidParameterCombination", 400),
    INVALID_QUERY_PARAMETER("InvalidQueryParameter", 400),
    /**
     * A form body or query string that cannot be decoded: a bad percent escape, bytes that are
     * not UTF-8, or a parameter name given twice. AWS's common-errors page lists 404 for this
     * code; Charter sends 400 because the request, not the resource, is at fault and every
     * SDK treats 4xx alike (botocore retries neither).
     */
    MALFORMED_QUERY_STRING("MalformedQueryString", 400),
    MISSING_AUTHENTICATION_TOKEN("MissingAuthenticationToken", 403),
    /** AWS common-errors pages say 400 (some newer ones 403); 400 is what STS/IAM send. */
    INCOMPLETE_SIGNATURE("IncompleteSignature", 400),
    INVALID_CLIENT_TOKEN_ID("InvalidClientTokenId", 403),
    SIGNATURE_DOES_NOT_MATCH("SignatureDoesNotMatch", 403),
    /** The caller's temporary credentials expired (not the modeled {@code ExpiredTokenException}). */
    EXPIRED_TOKEN("ExpiredToken", 403),
    REQUEST_EXPIRED("RequestExpired", 400),
    OPT_IN_REQUIRED("OptInRequired", 403),
    THROTTLING("Throttling", 400),
    /**
     * A request body over the server's configured limit. AWS documents no limit or code for
     * IAM/STS bodies; Charter's code and status follow HTTP's 413.
     */
    REQUEST_ENTITY_TOO_LARGE("RequestEntityTooLarge", 413),
    // ---- authentication failures as AWS JSON services name them (DynamoDB's and Organizations'
    //      common errors; all 400 there) ----
    MISSING_AUTHENTICATION_TOKEN_EXCEPTION("MissingAuthenticationTokenException", 400),
    UNRECOGNIZED_CLIENT("UnrecognizedClientException", 400),
    INVALID_SIGNATURE("InvalidSignatureException", 400),
    INCOMPLETE_SIGNATURE_EXCEPTION("IncompleteSignatureException", 400),

    /** An HTTP method other than GET and POST (Charter's own code; AWS documents none for Query APIs). */
    METHOD_NOT_ALLOWED("MethodNotAllowed", 405),
    /** A request line plus headers over the server's limit (HTTP 431); Charter's own code, as above. */
    REQUEST_HEADER_FIELDS_TOO_LARGE("RequestHeaderFieldsTooLarge", 431),
    /**
     * A Query-protocol POST body whose {@code Content-Type} is not
     * {@code application/x-www-form-urlencoded} (HTTP 415). AWS documents no code for this; Charter's
     * own, named as the AWS JSON front end names its counterpart ({@link #UNSUPPORTED_MEDIA_TYPE_EXCEPTION}).
     */
    UNSUPPORTED_MEDIA_TYPE("UnsupportedMediaType", 415),
    /** An AWS JSON request whose {@code Content-Type} is not {@code application/x-amz-json-1.1} or {@code -1.0}. */
    UNSUPPORTED_MEDIA_TYPE_EXCEPTION("UnsupportedMediaTypeException", 415),
    /**
     * A request in an HTTP version other than 1.1 (HTTP 505); Charter's own code. HTTP/1.0 is
     * answered so, except the health check, which is served.
     */
    HTTP_VERSION_NOT_SUPPORTED("HttpVersionNotSupported", 505),
    INTERNAL_FAILURE("InternalFailure", 500),
    SERVICE_UNAVAILABLE("ServiceUnavailable", 503),

    // ---- common to every AWS JSON service (not in the models) ----
    /**
     * A request that breaks the model's constraints, in a JSON protocol service. AWS's JSON
     * front end (Coral) sends {@code ValidationException} (botocore sees the {@code __type}
     * {@code com.amazon.coral.validate#ValidationException} as this code) with the same
     * {@code N validation error(s) detected: ...} message the query services send as
     * {@link #VALIDATION_ERROR}.
     */
    VALIDATION_EXCEPTION("ValidationException", 400),
    /** An {@code X-Amz-Target} that names no operation of the service (AWS JSON protocol). */
    UNKNOWN_OPERATION("UnknownOperationException", 400),
    /**
     * A request body that is not valid JSON, is not an object, is nested too deeply, or holds a
     * value of the wrong JSON type for its member (AWS JSON protocol).
     */
    SERIALIZATION_EXCEPTION("SerializationException", 400),

    // ---- STS (modeled) ----
    /** Shared by STS and IAM (same code and status in both models). */
    MALFORMED_POLICY_DOCUMENT("MalformedPolicyDocument", 400),
    PACKED_POLICY_TOO_LARGE("PackedPolicyTooLarge", 400),
    REGION_DISABLED("RegionDisabledException", 403),
    /** The web identity token (or provided context) is expired; caller credentials use {@link #EXPIRED_TOKEN}. */
    EXPIRED_TOKEN_EXCEPTION("ExpiredTokenException", 400),
    IDP_REJECTED_CLAIM("IDPRejectedClaim", 403),
    IDP_COMMUNICATION_ERROR("IDPCommunicationError", 400),
    INVALID_IDENTITY_TOKEN("InvalidIdentityToken", 400),
    INVALID_AUTHORIZATION_MESSAGE("InvalidAuthorizationMessageException", 400),
    EXPIRED_TRADE_IN_TOKEN("ExpiredTradeInTokenException", 400),
    SESSION_DURATION_ESCALATION("SessionDurationEscalationException", 403),
    OUTBOUND_WEB_IDENTITY_FEDERATION_DISABLED("OutboundWebIdentityFederationDisabledException", 403),
    JWT_PAYLOAD_SIZE_EXCEEDED("JWTPayloadSizeExceededException", 400),

    // ---- IAM (modeled) ----
    NO_SUCH_ENTITY("NoSuchEntity", 404),
    ENTITY_ALREADY_EXISTS("EntityAlreadyExists", 409),
    LIMIT_EXCEEDED("LimitExceeded", 409),
    DELETE_CONFLICT("DeleteConflict", 409),
    CONCURRENT_MODIFICATION("ConcurrentModification", 409),
    ENTITY_TEMPORARILY_UNMODIFIABLE("EntityTemporarilyUnmodifiable", 409),
    DUPLICATE_CERTIFICATE("DuplicateCertificate", 409),
    REPORT_GENERATION_LIMIT_EXCEEDED("ReportGenerationLimitExceeded", 409),
    FEATURE_ENABLED("FeatureEnabled", 409),
    INVALID_INPUT("InvalidInput", 400),
    UNMODIFIABLE_ENTITY("UnmodifiableEntity", 400),
    POLICY_NOT_ATTACHABLE("PolicyNotAttachable", 400),
    PASSWORD_POLICY_VIOLATION("PasswordPolicyViolation", 400),
    INVALID_USER_TYPE("InvalidUserType", 400),
    INVALID_CERTIFICATE("InvalidCertificate", 400),
    MALFORMED_CERTIFICATE("MalformedCertificate", 400),
    KEY_PAIR_MISMATCH("KeyPairMismatch", 400),
    INVALID_PUBLIC_KEY("InvalidPublicKey", 400),
    DUPLICATE_SSH_PUBLIC_KEY("DuplicateSSHPublicKey", 400),
    UNRECOGNIZED_PUBLIC_KEY_ENCODING("UnrecognizedPublicKeyEncoding", 400),
    OPEN_ID_IDP_COMMUNICATION_ERROR("OpenIdIdpCommunicationError", 400),
    INVALID_AUTHENTICATION_CODE("InvalidAuthenticationCode", 403),
    REPORT_NOT_PRESENT("ReportNotPresent", 410),
    REPORT_EXPIRED("ReportExpired", 410),
    REPORT_IN_PROGRESS("ReportInProgress", 404),
    FEATURE_DISABLED("FeatureDisabled", 404),
    NOT_SUPPORTED_SERVICE("NotSupportedService", 404),
    // IAM exceptions without an error trait: botocore's defaults (code = shape name, 400).
    ACCOUNT_NOT_MANAGEMENT_OR_DELEGATED_ADMINISTRATOR("AccountNotManagementOrDelegatedAdministratorException", 400),
    CALLER_IS_NOT_MANAGEMENT_ACCOUNT("CallerIsNotManagementAccountException", 400),
    ORGANIZATION_NOT_FOUND("OrganizationNotFoundException", 400),
    ORGANIZATION_NOT_IN_ALL_FEATURES_MODE("OrganizationNotInAllFeaturesModeException", 400),
    SERVICE_ACCESS_NOT_ENABLED("ServiceAccessNotEnabledException", 400),
    SERVICE_FAILURE("ServiceFailure", 500),
    POLICY_EVALUATION("PolicyEvaluation", 500),

    // ---- Organizations (modeled) ----
    // The model gives no error traits: the code is the shape name and the status 400 (botocore's
    // default), except ServiceException, a server fault, which AWS documents as 500.
    AWS_ORGANIZATIONS_NOT_IN_USE("AWSOrganizationsNotInUseException", 400),
    /** Organizations' access denial; the query services' is {@link #ACCESS_DENIED} (403). */
    ACCESS_DENIED_EXCEPTION("AccessDeniedException", 400),
    ACCESS_DENIED_FOR_DEPENDENCY("AccessDeniedForDependencyException", 400),
    ACCOUNT_ALREADY_CLOSED("AccountAlreadyClosedException", 400),
    ACCOUNT_ALREADY_REGISTERED("AccountAlreadyRegisteredException", 400),
    ACCOUNT_NOT_FOUND("AccountNotFoundException", 400),
    ACCOUNT_NOT_REGISTERED("AccountNotRegisteredException", 400),
    ACCOUNT_OWNER_NOT_VERIFIED("AccountOwnerNotVerifiedException", 400),
    ALREADY_IN_ORGANIZATION("AlreadyInOrganizationException", 400),
    CHILD_NOT_FOUND("ChildNotFoundException", 400),
    /** Organizations' code; IAM's is {@link #CONCURRENT_MODIFICATION} (409). */
    CONCURRENT_MODIFICATION_EXCEPTION("ConcurrentModificationException", 400),
    CONFLICT("ConflictException", 400),
    CONSTRAINT_VIOLATION("ConstraintViolationException", 400),
    CREATE_ACCOUNT_STATUS_NOT_FOUND("CreateAccountStatusNotFoundException", 400),
    DESTINATION_PARENT_NOT_FOUND("DestinationParentNotFoundException", 400),
    DUPLICATE_ACCOUNT("DuplicateAccountException", 400),
    DUPLICATE_HANDSHAKE("DuplicateHandshakeException", 400),
    DUPLICATE_ORGANIZATIONAL_UNIT("DuplicateOrganizationalUnitException", 400),
    DUPLICATE_POLICY_ATTACHMENT("DuplicatePolicyAttachmentException", 400),
    DUPLICATE_POLICY("DuplicatePolicyException", 400),
    EFFECTIVE_POLICY_NOT_FOUND("EffectivePolicyNotFoundException", 400),
    FINALIZING_ORGANIZATION("FinalizingOrganizationException", 400),
    HANDSHAKE_ALREADY_IN_STATE("HandshakeAlreadyInStateException", 400),
    HANDSHAKE_CONSTRAINT_VIOLATION("HandshakeConstraintViolationException", 400),
    HANDSHAKE_NOT_FOUND("HandshakeNotFoundException", 400),
    INVALID_HANDSHAKE_TRANSITION("InvalidHandshakeTransitionException", 400),
    /** Organizations' own invalid-input error (handlers' checks); model validation is {@link #VALIDATION_EXCEPTION}. */
    INVALID_INPUT_EXCEPTION("InvalidInputException", 400),
    INVALID_RESPONSIBILITY_TRANSFER_TRANSITION("InvalidResponsibilityTransferTransitionException", 400),
    /** Organizations' code; STS and IAM send {@link #MALFORMED_POLICY_DOCUMENT}. */
    MALFORMED_POLICY_DOCUMENT_EXCEPTION("MalformedPolicyDocumentException", 400),
    MASTER_CANNOT_LEAVE_ORGANIZATION("MasterCannotLeaveOrganizationException", 400),
    ORGANIZATION_NOT_EMPTY("OrganizationNotEmptyException", 400),
    ORGANIZATIONAL_UNIT_NOT_EMPTY("OrganizationalUnitNotEmptyException", 400),
    ORGANIZATIONAL_UNIT_NOT_FOUND("OrganizationalUnitNotFoundException", 400),
    PARENT_NOT_FOUND("ParentNotFoundException", 400),
    POLICY_CHANGES_IN_PROGRESS("PolicyChangesInProgressException", 400),
    POLICY_IN_USE("PolicyInUseException", 400),
    POLICY_NOT_ATTACHED("PolicyNotAttachedException", 400),
    POLICY_NOT_FOUND("PolicyNotFoundException", 400),
    POLICY_TYPE_ALREADY_ENABLED("PolicyTypeAlreadyEnabledException", 400),
    POLICY_TYPE_NOT_AVAILABLE_FOR_ORGANIZATION("PolicyTypeNotAvailableForOrganizationException", 400),
    POLICY_TYPE_NOT_ENABLED("PolicyTypeNotEnabledException", 400),
    RESOURCE_POLICY_NOT_FOUND("ResourcePolicyNotFoundException", 400),
    RESPONSIBILITY_TRANSFER_ALREADY_IN_STATUS("ResponsibilityTransferAlreadyInStatusException", 400),
    RESPONSIBILITY_TRANSFER_NOT_FOUND("ResponsibilityTransferNotFoundException", 400),
    ROOT_NOT_FOUND("RootNotFoundException", 400),
    /** Organizations' internal error: a server fault in the model, 500 in AWS's API reference. */
    ORGANIZATIONS_SERVICE_EXCEPTION("ServiceException", 500),
    SOURCE_PARENT_NOT_FOUND("SourceParentNotFoundException", 400),
    TARGET_NOT_FOUND("TargetNotFoundException", 400),
    /** Organizations' throttling error (botocore's retry handler treats this code as throttling). */
    TOO_MANY_REQUESTS("TooManyRequestsException", 400),
    UNSUPPORTED_API_ENDPOINT("UnsupportedAPIEndpointException", 400),
    // ---- Charter's own JSON service (the charter model): its instance calls. ----
    RESOURCE_NOT_FOUND_EXCEPTION("ResourceNotFoundException", 400),
    LIMIT_EXCEEDED_EXCEPTION("LimitExceededException", 400),
    // ---- CloudTrail (modeled; LookupEvents). The model gives no error traits: the code is the
    //      shape name and the status 400, as for Organizations. ----
    INVALID_LOOKUP_ATTRIBUTES("InvalidLookupAttributesException", 400),
    INVALID_TIME_RANGE("InvalidTimeRangeException", 400),
    INVALID_MAX_RESULTS("InvalidMaxResultsException", 400),
    INVALID_NEXT_TOKEN_EXCEPTION("InvalidNextTokenException", 400),
    TRAIL_ALREADY_EXISTS("TrailAlreadyExistsException", 400),
    TRAIL_NOT_FOUND("TrailNotFoundException", 400),
    INVALID_TRAIL_NAME("InvalidTrailNameException", 400),
    CLOUDTRAIL_ARN_INVALID("CloudTrailARNInvalidException", 400),
    S3_BUCKET_DOES_NOT_EXIST("S3BucketDoesNotExistException", 400),
    INSUFFICIENT_S3_BUCKET_POLICY("InsufficientS3BucketPolicyException", 400),
    INVALID_S3_PREFIX("InvalidS3PrefixException", 400),
    INVALID_EVENT_SELECTORS("InvalidEventSelectorsException", 400),
    INVALID_PARAMETER_COMBINATION_EXCEPTION("InvalidParameterCombinationException", 400),
    MAXIMUM_NUMBER_OF_TRAILS_EXCEEDED("MaximumNumberOfTrailsExceededException", 400),
    CLOUDTRAIL_UNSUPPORTED_OPERATION("UnsupportedOperationException", 400),
    // ---- Amazon EC2's errors ("Error codes for the Amazon EC2 API"; the statuses EC2 sends them
    //      with: 400 unless stated). EC2 also sends MissingParameter, InvalidParameterValue,
    //      InvalidParameterCombination, InvalidAction, MissingAction, RequestExpired and
    //      IncompleteSignature, above, and InternalError (500), below with S3's. ----
    /** EC2's authentication failure (unknown key, bad signature): 401, {@code AWS was not able to validate …}. */
    AUTH_FAILURE("AuthFailure", 401),
    /** EC2's access denial (the query services' {@link #ACCESS_DENIED}). */
    UNAUTHORIZED_OPERATION("UnauthorizedOperation", 403),
    /** A {@code DryRun} request that would have succeeded: EC2 answers it as an error, 412. */
    DRY_RUN_OPERATION("DryRunOperation", 412),
    INVALID_INSTANCE_ID_NOT_FOUND("InvalidInstanceID.NotFound", 400),
    INVALID_INSTANCE_ID_MALFORMED("InvalidInstanceID.Malformed", 400),
    INVALID_ASSOCIATION_ID_NOT_FOUND("InvalidAssociationID.NotFound", 400),
    /** A resource in a state that does not allow the call (an instance that already has a profile associated). */
    INCORRECT_STATE("IncorrectState", 400),
    INVALID_PAGINATION_TOKEN("InvalidPaginationToken", 400),
    /** EC2's throttling (the query services' {@link #THROTTLING}): 503. */
    REQUEST_LIMIT_EXCEEDED("RequestLimitExceeded", 503),
    /** EC2's "the server is overloaded" (the query services' {@link #SERVICE_UNAVAILABLE}). */
    EC2_UNAVAILABLE("Unavailable", 503),
    // ---- Amazon S3's errors (S3's error responses list; S3 writes AccessDenied, SignatureDoesNotMatch,
    //      and MethodNotAllowed with the codes above). S3 sends some codes the query
    //      services also send with another status: those constants carry an S3_ prefix. ----
    /** An access key id S3 does not know (the query services say {@code InvalidClientTokenId}). */
    INVALID_ACCESS_KEY_ID("InvalidAccessKeyId", 403),
    /** S3's expired session token: 400, where the query services send 403. */
    S3_EXPIRED_TOKEN("ExpiredToken", 400),
    /** A session token that does not open or was revoked. */
    INVALID_TOKEN("InvalidToken", 400),
    AUTHORIZATION_HEADER_MALFORMED("AuthorizationHeaderMalformed", 400),
    AUTHORIZATION_QUERY_PARAMETERS_ERROR("AuthorizationQueryParametersError", 400),
    REQUEST_TIME_TOO_SKEWED("RequestTimeTooSkewed", 403),
    /** The body's SHA-256 is not the {@code x-amz-content-sha256} it was signed with. */
    X_AMZ_CONTENT_SHA256_MISMATCH("XAmzContentSHA256Mismatch", 400),
    /** A checksum ({@code Content-MD5}, a trailing {@code x-amz-checksum-*}) does not match the body. */
    BAD_DIGEST("BadDigest", 400),
    INVALID_DIGEST("InvalidDigest", 400),
    /** The body ended before its declared length, or an {@code aws-chunked} body before its last chunk. */
    INCOMPLETE_BODY("IncompleteBody", 400),
    /** An {@code aws-chunked} data chunk other than the last below 8 KiB. */
    INVALID_CHUNK_SIZE_ERROR("InvalidChunkSizeError", 403),
    MISSING_CONTENT_LENGTH("MissingContentLength", 411),
    INVALID_ARGUMENT("InvalidArgument", 400),
    INVALID_REQUEST("InvalidRequest", 400),
    INVALID_BUCKET_NAME("InvalidBucketName", 400),
    INVALID_LOCATION_CONSTRAINT("InvalidLocationConstraint", 400),
    ILLEGAL_LOCATION_CONSTRAINT("IllegalLocationConstraintException", 400),
    MALFORMED_XML("MalformedXML", 400),
    /** A bucket policy S3 does not accept (S3's code; IAM's is {@link #MALFORMED_POLICY_DOCUMENT}). */
    MALFORMED_POLICY("MalformedPolicy", 400),
    NO_SUCH_BUCKET("NoSuchBucket", 404),
    NO_SUCH_KEY("NoSuchKey", 404),
    NO_SUCH_BUCKET_POLICY("NoSuchBucketPolicy", 404),
    BUCKET_ALREADY_EXISTS("BucketAlreadyExists", 409),
    BUCKET_ALREADY_OWNED_BY_YOU("BucketAlreadyOwnedByYou", 409),
    BUCKET_NOT_EMPTY("BucketNotEmpty", 409),
    TOO_MANY_BUCKETS("TooManyBuckets", 400),
    /** S3's and EC2's server fault (the query services say {@code InternalFailure}). */
    INTERNAL_ERROR("InternalError", 500),
    SLOW_DOWN("SlowDown", 503);

    /** Who is at fault, as sent in the error envelope's {@code <Type>}. */
    public enum Fault {
        SENDER("Sender"),
        RECEIVER("Receiver");

        private final String wireName;

        Fault(String wireName) {
            this.wireName = wireName;
        }

        /** {@code Sender} or {@code Receiver}. */
        public String wireName() {
            return wireName;
        }
    }

    private final String code;
    private final int httpStatus;

    AwsErrorCode(String code, int httpStatus) {
        this.code = code;
        this.httpStatus = httpStatus;
    }

    /** The exact {@code <Code>} string on the wire (the model's {@code error.code}). */
    public String code() {
        return code;
    }

    /** The HTTP status this code is always sent with. */
    public int httpStatus() {
        return httpStatus;
    }

    /** {@link Fault#RECEIVER} for every 5xx code, {@link Fault#SENDER} otherwise. */
    public Fault fault() {
        return httpStatus >= 500 ? Fault.RECEIVER : Fault.SENDER;
    }
}
