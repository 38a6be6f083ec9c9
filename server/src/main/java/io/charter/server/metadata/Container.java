package io.charter.server.metadata;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/** A container the agent serves credentials to ({@code --container NAME=ROLE_ARN}), and the task role it gets. */
public record Container(String name, String roleArn) {
    /** GetTaskRoleCredentials' ContainerName: 2 to 64 of these characters (it names the role session). */
    private static final Pattern NAME = Pattern.compile("[\\w+=,.@-]{2,64}");
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws:iam::\\d{12}:role/.+");

    public Container {
        requireNonNull(name, "name is null");
        requireNonNull(roleArn, "roleArn is null");
        checkName(name);
        if (!ROLE_ARN.matcher(roleArn).matches()) {
            throw new IllegalArgumentException("'" + roleArn + "' is not a role ARN (arn:aws:iam::ACCOUNT:role/NAME)");
        }
    }

    /** Refuses a name GetTaskRoleCredentials would refuse: 2 to 64 letters, digits or any of {@code _+=,.@-}. */
    public static String checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("container name '" + name
                    + "' is not 2 to 64 letters, digits or any of _+=,.@- (it names the role session)");
        }
        return name;
    }

    /** Parses {@code NAME=ROLE_ARN}; the name may hold an equals sign, so the split is at {@code =arn:}. */
    public static Container parse(String option) {
        int equals = option.indexOf("=arn:");
        if (equals < 0) {
            throw new IllegalArgumentException("'" + option + "' is not NAME=ROLE_ARN");
        }
        return new Container(option.substring(0, equals), option.substring(equals + 1));
    }
}
