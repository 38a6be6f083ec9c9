package io.charter.policy;

/** The three results of an evaluation, as SimulatePrincipalPolicy names them. */
public enum Outcome {
    /** Some policy allows and nothing denies: {@code allowed}. */
    ALLOW("allowed"),
    /** No explicit deny, but a required Allow is missing: {@code implicitDeny}. */
    IMPLICIT_DENY("implicitDeny"),
    /** A statement explicitly denies: {@code explicitDeny}. */
    EXPLICIT_DENY("explicitDeny");

    private final String awsName;

    Outcome(String awsName) {
        this.awsName = awsName;
    }

    /** The EvalDecision value SimulatePrincipalPolicy reports. */
    public String awsName() {
        return awsName;
    }
}
