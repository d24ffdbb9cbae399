package dev.granary.bench.online;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;

/**
 * A keep-alive HTTP/1.1 connection on a raw socket sending prepared requests in turn and reading each response
 * (Content-Length or chunked) to its end; a raw socket keeps the client's own cost out of the server's latency.
 */
final class HttpConnection implements OpenLoop.Caller, AutoCloseable {
    private final int port;
    private final byte[][] requests;
    private final byte[] scratch = new byte[1 << 20];
    private Socket socket;
    private OutputStream out;
    private InputStream in;

    private HttpConnection(Socket socket, byte[][] requests) throws IOException {
        this.port = socket.getPort();
        this.requests = requests;
        attach(socket);
    }

    /** A connection to {@code 127.0.0.1:port} sending {@code requests[i % length]} for request {@code i}. */
    static HttpConnection open(int port, byte[][] requests) {
        try {
            return new HttpConnection(new Socket("127.0.0.1", port), requests);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void attach(Socket s) throws IOException {
        s.setTcpNoDelay(true);
        socket = s;
        out = s.getOutputStream();
        in = new BufferedInputStream(s.getInputStream(), 1 << 16);
    }

    @Override
    public boolean call(int i) throws IOException {
        try {
            out.write(requests[i % requests.length]);
            out.flush();
            return readResponse() == 200;
        } catch (IOException e) {
            // counted as an error by the load generator; the next request gets a fresh connection
            socket.close();
            attach(new Socket("127.0.0.1", port));
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** Reads one response off the connection and returns its status code. */
    private int readResponse() throws IOException {
        String status = line();
        if (status == null) {
            throw new IOException("connection closed");
        }
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        String header;
        while (!(header = line()).isEmpty()) {
            int colon = header.indexOf(':');
            String name = header.substring(0, colon).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Long.parseLong(header.substring(colon + 1).trim());
            } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                chunked = header.substring(colon + 1).trim().equalsIgnoreCase("chunked");
            }
        }
        if (chunked) {
            long size;
            while ((size = Long.parseLong(line().split(";")[0].trim(), 16)) > 0) {
                skip(size);
                line();
            }
            line();
        } else if (length > 0) {
            skip(length);
        }
        return code;
    }

    private void skip(long n) throws IOException {
        long left = n;
        while (left > 0) {
            int read = in.read(scratch, 0, (int) Math.min(scratch.length, left));
            if (read < 0) {
                throw new IOException("connection closed mid-body");
            }
            left -= read;
        }
    }

    private String line() throws IOException {
        StringBuilder text = new StringBuilder(64);
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                int last = text.length() - 1;
                if (last >= 0 && text.charAt(last) == '\r') {
                    text.setLength(last);
                }
                return text.toString();
            }
            text.append((char) c);
        }
        return text.isEmpty() ? null : text.toString();
    }
}
