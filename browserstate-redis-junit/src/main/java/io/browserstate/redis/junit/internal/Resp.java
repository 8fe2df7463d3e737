package io.browserstate.redis.junit.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A minimal RESP exchange used to learn whether a server answers, without a client library. */
final class Resp {

    private Resp() {
    }

    /**
     * Sends {@code AUTH} (when a password is given) and {@code PING}; returns the first line of the
     * reply to {@code PING} (e.g. {@code +PONG}, {@code -LOADING ...}), or {@code null} when nothing
     * answers.
     */
    static String ping(String host, int port, String password) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            if (password != null) {
                out.write(command("AUTH", password));
                out.flush();
                readLine(in);
            }
            out.write(command("PING"));
            out.flush();
            return readLine(in);
        } catch (IOException e) {
            return null;
        }
    }

    private static byte[] command(String... parts) {
        StringBuilder sb = new StringBuilder("*").append(parts.length).append("\r\n");
        for (String part : parts) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            sb.append('$').append(bytes.length).append("\r\n").append(part).append("\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                break;
            }
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return c < 0 && sb.length() == 0 ? null : sb.toString();
    }
}
