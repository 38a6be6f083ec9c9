package io.charter.server.metadata;

/** Where the endpoint gets a container's task-role credentials: the server through a cache, or a fixed value in tests. */
public interface ContainerCredentialSource {
    RoleCredentials credentials(Container container) throws Unavailable;

    void forget(Container container);

    /** No credentials: the server refused ({@code refused}), or could not be reached and none valid are held. */
    final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean refused;

        public Unavailable(boolean refused, String message) {
            super(message);
            this.refused = refused;
        }

        public boolean refused() {
            return refused;
        }
    }
}
