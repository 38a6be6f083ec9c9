package io.charter.server.metadata;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.ptr.IntByReference;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.OptionalInt;

/**
 * Sets how many hops the packets of one TCP connection may travel (IPv4's TTL, IPv6's unicast hop
 * limit), as EC2 sends a session token's answer with the instance's HttpPutResponseHopLimit so
 * that a client more hops away never receives it. Java has no such socket option for TCP, and the
 * HTTP server does not hand out its sockets; so this finds the connection's descriptor among the
 * process's own ({@code /proc/self/fd}) by its two addresses ({@code getsockname}, {@code getpeername})
 * and calls {@code setsockopt} on it, through JNA (Linux).
 *
 * <p>The value is left on the connection, not put back after the answer: a retransmission of the
 * token's segments after it was put back would carry the token past the limit. The connection's later
 * answers travel no further either, which a client that received the token does not notice.
 *
 * <p>Thread-safe (no state; each call works on the caller's own connection).
 */
final class SocketHopLimit {
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;
    private static final int IPPROTO_IP = 0;
    private static final int IP_TTL = 2;
    private static final int IPPROTO_IPV6 = 41;
    private static final int IPV6_UNICAST_HOPS = 16;

    /** The C library's socket calls. */
    interface LibC extends Library {
        int getsockname(int fd, byte[] address, IntByReference length);

        int getpeername(int fd, byte[] address, IntByReference length);

        int setsockopt(int fd, int level, int name, IntByReference value, int length);

        int getsockopt(int fd, int level, int name, IntByReference value, IntByReference length);
    }

    /** Loaded once, when the server starts ({@link #load()}), so that the first token is not late. */
    private static final class Loaded {
        static final LibC C = Native.load("c", LibC.class);
    }

    /**
     * Loads the C library's calls now rather than on the first token (loading takes long enough, on a
     * busy machine, for an SDK's one-second IMDS timeout to pass); fails as {@link #apply} would.
     */
    static void load() throws IOException {
        libc();
    }

    private SocketHopLimit() {
    }

    /** Limits the connection from {@code remote} to {@code local} to {@code hops}; fails when it cannot. */
    static void apply(InetSocketAddress local, InetSocketAddress remote, int hops) throws IOException {
        int fd = descriptor(local, remote).orElseThrow(() -> new IOException(
                "the connection from " + remote + " is not among this process's sockets"));
        LibC c = libc();
        IntByReference value = new IntByReference(hops);
        boolean ipv6Socket = family(fd, c) == AF_INET6;
        // IP_TTL governs IPv4 packets, on an IPv6 socket too (a client's IPv4-mapped address).
        if (c.setsockopt(fd, IPPROTO_IP, IP_TTL, value, 4) != 0) {
            throw new IOException("setsockopt(IP_TTL) failed: errno " + Native.getLastError());
        }
        if (ipv6Socket && c.setsockopt(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, value, 4) != 0) {
            throw new IOException("setsockopt(IPV6_UNICAST_HOPS) failed: errno " + Native.getLastError());
        }
    }

    /** The IPv4 TTL the connection's packets now carry (for tests and diagnosis). */
    static int ttl(InetSocketAddress local, InetSocketAddress remote) throws IOException {
        int fd = descriptor(local, remote).orElseThrow(() -> new IOException("no such connection"));
        IntByReference value = new IntByReference();
        IntByReference length = new IntByReference(4);
        if (libc().getsockopt(fd, IPPROTO_IP, IP_TTL, value, length) != 0) {
            throw new IOException("getsockopt(IP_TTL) failed: errno " + Native.getLastError());
        }
        return value.getValue();
    }

    private static LibC libc() throws IOException {
        try {
            return Loaded.C;
        } catch (LinkageError e) {
            throw new IOException("the C library's socket calls cannot be loaded: " + e.getMessage());
        }
    }

    /** The descriptor of the socket whose local and remote addresses are these, among this process's. */
    static OptionalInt descriptor(InetSocketAddress local, InetSocketAddress remote) throws IOException {
        LibC c = libc();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path link : fds) {
                String target;
                try {
                    target = Files.readSymbolicLink(link).toString();
                } catch (IOException e) {
                    continue; // closed meanwhile
                }
                if (!target.startsWith("socket:")) {
                    continue;
                }
                int fd = Integer.parseInt(link.getFileName().toString());
                if (matches(c, fd, true, remote) && matches(c, fd, false, local)) {
                    return OptionalInt.of(fd);
                }
            }
        }
        return OptionalInt.empty();
    }

    private static int family(int fd, LibC c) {
        byte[] address = new byte[128];
        IntByReference length = new IntByReference(address.length);
        if (c.getsockname(fd, address, length) != 0) {
            return -1;
        }
        return (address[0] & 0xff) | (address[1] & 0xff) << 8;
    }

    private static boolean matches(LibC c, int fd, boolean peer, InetSocketAddress expected) {
        byte[] address = new byte[128];
        IntByReference length = new IntByReference(address.length);
        int result = peer ? c.getpeername(fd, address, length) : c.getsockname(fd, address, length);
        if (result != 0) {
            return false;
        }
        int family = (address[0] & 0xff) | (address[1] & 0xff) << 8; // sa_family_t, little-endian on Linux
        int port = (address[2] & 0xff) << 8 | (address[3] & 0xff); // network order
        if (port != expected.getPort()) {
            return false;
        }
        byte[] ip;
        if (family == AF_INET) {
            ip = Arrays.copyOfRange(address, 4, 8);
        } else if (family == AF_INET6) {
            ip = Arrays.copyOfRange(address, 8, 24);
        } else {
            return false;
        }
        return sameAddress(ip, expected.getAddress());
    }

    /** Compares an address as the kernel has it with Java's, an IPv4-mapped IPv6 address equal to its IPv4 one. */
    private static boolean sameAddress(byte[] kernel, InetAddress java) {
        return Arrays.equals(ipv4(kernel), ipv4(java.getAddress()));
    }

    private static byte[] ipv4(byte[] address) {
        if (address.length == 4) {
            return address;
        }
        for (int i = 0; i < 10; i++) {
            if (address[i] != 0) {
                return address;
            }
        }
        return address[10] == (byte) 0xff && address[11] == (byte) 0xff ? Arrays.copyOfRange(address, 12, 16) : address;
    }
}
