package dev.backprop.data.download;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP server on 127.0.0.1 (a free port) for the download tests: serves byte arrays, files and
 * status codes by path, and counts requests. Nothing here talks to any other host.
 */
final class LocalServer implements AutoCloseable {

    private interface Response {
        void send(HttpExchange exchange) throws IOException;
    }

    private final HttpServer server;
    private final Map<String, Response> routes = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();

    LocalServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Serves {@code body} at {@code path}; returns its URI. */
    URI serve(String path, byte[] body) {
        routes.put(path, exchange -> {
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        return uri(path);
    }

    /** Serves the file's bytes at {@code path}; returns its URI. */
    URI serve(String path, Path file) throws IOException {
        return serve(path, Files.readAllBytes(file));
    }

    /** Answers {@code status} with a short body at {@code path}; returns its URI. */
    URI status(String path, int status) {
        routes.put(path, exchange -> {
            byte[] body = ("status " + status).getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        return uri(path);
    }

    /** Redirects {@code path} to {@code location} with a 302; returns the URI of {@code path}. */
    URI redirect(String path, String location) {
        routes.put(path, exchange -> {
            exchange.getResponseHeaders().set("Location", location);
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        return uri(path);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    int requests() {
        return requests.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try (InputStream in = exchange.getRequestBody()) {
            in.readAllBytes();
        }
        Response response = routes.get(exchange.getRequestURI().getPath());
        if (response == null) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        } else {
            response.send(exchange);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /**
     * A port on 127.0.0.1 with nothing listening: bound, noted and closed, so connecting to it is
     * refused at once.
     */
    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * A hand-written HTTP server for one misbehaving answer: it announces {@code announced} bytes,
     * sends {@code sent} of them, then closes the connection, or, if {@code stallMillis} is positive,
     * keeps it open and silent that long first.
     */
    static final class Misbehaving implements AutoCloseable {
        private final ServerSocket socket;
        private final Thread thread;

        Misbehaving(byte[] body, int announced, int sent, long stallMillis) throws IOException {
            socket = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
            thread = new Thread(() -> serve(body, announced, sent, stallMillis), "misbehaving-server");
            thread.setDaemon(true);
            thread.start();
        }

        URI uri(String path) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort() + path);
        }

        private void serve(byte[] body, int announced, int sent, long stallMillis) {
            while (!socket.isClosed()) {
                try (Socket client = socket.accept()) {
                    readHeaders(client.getInputStream());
                    OutputStream out = client.getOutputStream();
                    out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + announced
                            + "\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(body, 0, sent);
                    out.flush();
                    if (stallMillis > 0) {
                        Thread.sleep(stallMillis);
                    }
                } catch (IOException e) {
                    // The socket was closed by close(), or the client hung up: either way, done with it.
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private static void readHeaders(InputStream in) throws IOException {
            int matched = 0;
            byte[] end = {'\r', '\n', '\r', '\n'};
            int b;
            while (matched < end.length && (b = in.read()) >= 0) {
                matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
            thread.interrupt();
        }
    }
}
