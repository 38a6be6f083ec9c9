package io.charter.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder on a free loopback port to another address (PostgreSQL's), for tests that take the
 * store away from a node and give it back: {@link #cut} closes every forwarded connection and
 * closes each new one as soon as it is accepted (the node sees its connections fail and cannot open
 * new ones), {@link #restore} forwards again.
 *
 * <p>Thread-safe: one thread accepts; two threads copy each connection's bytes.
 */
public final class LoopbackForwarder implements AutoCloseable {
    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;

    private LoopbackForwarder(ServerSocket listener, InetSocketAddress target) {
        this.listener = listener;
        this.target = target;
    }

    /** Starts forwarding a free port of 127.0.0.1 to {@code host:port}. */
    public static LoopbackForwarder to(String host, int port) {
        return on(InetAddress.getLoopbackAddress(), host, port);
    }

    /** Starts forwarding a free port of {@code address} (say, one end of a link to a network namespace) to {@code host:port}. */
    public static LoopbackForwarder on(InetAddress address, String host, int port) {
        try {
            ServerSocket listener = new ServerSocket(0, 50, address);
            LoopbackForwarder forwarder = new LoopbackForwarder(listener, new InetSocketAddress(host, port));
            Thread accepting = new Thread(forwarder::accept, "loopback-forwarder");
            accepting.setDaemon(true);
            accepting.start();
            return forwarder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The port it listens on. */
    public int port() {
        return listener.getLocalPort();
    }

    /** Closes every forwarded connection, and every new one as soon as it is accepted. */
    public void cut() {
        cut = true;
        for (Socket socket : open) {
            closeQuietly(socket);
        }
    }

    /** Forwards new connections again. */
    public void restore() {
        cut = false;
    }

    private void accept() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (cut) {
                closeQuietly(client);
                continue;
            }
            try {
                Socket server = new Socket(target.getAddress(), target.getPort());
                open.add(client);
                open.add(server);
                pump(client, server);
                pump(server, client);
            } catch (IOException e) {
                closeQuietly(client);
            }
        }
    }

    /** Copies {@code from}'s bytes to {@code to} until either closes, then closes both. */
    private void pump(Socket from, Socket to) {
        Thread copying = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed: the connection is over
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "loopback-forwarder-copy");
        copying.setDaemon(true);
        copying.start();
    }

    private void closeQuietly(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        cut();
        try {
            listener.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
