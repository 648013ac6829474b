package io.qmkdc.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Seeded malformed requests at the control API, written byte by byte on raw sockets (an HTTP client library would
 * refuse to send most of them): odd methods, paths, URIs past the length limit, content types and encodings, bodies
 * nested thousands deep, numbers of a thousand digits, invalid UTF-8, oversized headers. {@link #run} sends
 * {@code count} of them and returns every answer that breaks the API's promise: a 5xx, no answer, or a refusal
 * without a JSON body holding a {@code message}.
 */
final class ControlApiFuzz {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE",
            "FOO", "get", "P0ST", "GETGETGETGETGETGETGETGETGETGET"};
    private static final String[] PATHS = {"/status", "/attacks", "/attacks/", "/attacks/a1", "/scenarios",
            "/scenarios/", "/scenarios/s1", "/", "/%zz", "/..%2f..%2fetc%2fpasswd", "/status?x=y&x=z",
            "/attacks/" + "x".repeat(65), "/attacks/%00", "/attacks/a%20b", "//status", "/status/", "/scenarios/s1/x",
            "*", "http://127.0.0.1/status", "/st\u00e4tus", "/attacks/..", "/scenarios/" + "9".repeat(30)};
    private static final String[] CONTENT_TYPES = {"application/json", "text/plain", "application/hocon",
            "application/x-www-form-urlencoded", "multipart/form-data; boundary=xyz", "image/png", "///",
            "application/json; charset=latin1", "text/plain; charset=utf-16", ""};

    /** One request's bytes and a label for failure messages. */
    record Case(String label, byte[] bytes) {
    }

    /** An answer that breaks the promise. */
    record Failure(String label, String answer) {
    }

    /** What a run found: the broken promises, and how many answers had each status (to show what it reached). */
    record Result(List<Failure> failures, java.util.SortedMap<Integer, Integer> statuses) {
    }

    private ControlApiFuzz() {
    }

    static Result run(InetSocketAddress api, long seed, int count) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Failure> failures = new ArrayList<>();
        java.util.SortedMap<Integer, Integer> statuses = new java.util.TreeMap<>();
        for (int i = 0; i < count; i++) {
            Case c = next(random, api, i);
            String answer;
            try {
                Response r = send(api, c.bytes());
                statuses.merge(r.status(), 1, Integer::sum);
                answer = check(c, r);
            } catch (IOException e) {
                answer = "no answer: " + e;
            }
            if (answer != null) {
                failures.add(new Failure(c.label(), answer));
            }
        }
        return new Result(failures, statuses);
    }

    /** Null when the response keeps the promise, else what is wrong with it. */
    private static String check(Case c, Response r) {
        if (r.status() >= 500 || r.status() < 100) {
            return r.toString();
        }
        if (r.status() < 400 || c.label().startsWith("HEAD ")) {
            return null; // a HEAD answer carries no body
        }
        if (!r.contentType().toLowerCase(Locale.ROOT).startsWith("application/json")) {
            return "not JSON: " + r;
        }
        try {
            JsonNode body = JSON.readTree(r.body());
            return body != null && body.path("message").isTextual() && !body.path("message").asText().isBlank()
                    ? null : "no message: " + r;
        } catch (IOException e) {
            return "invalid JSON: " + r;
        }
    }

    static Case next(SplittableRandom r, InetSocketAddress api, int i) {
        String method = r.nextInt(5) < 2 ? "POST" : METHODS[r.nextInt(METHODS.length)]; // bodies matter on POST
        String path = PATHS[r.nextInt(PATHS.length)];
        int shape = r.nextInt(10);
        if (shape == 0) {
            path = "/" + "a".repeat(2000 + r.nextInt(8000)); // past max-uri-length (2048)
        }
        List<String> headers = new ArrayList<>();
        headers.add("Host: " + api.getHostString() + ":" + api.getPort());
        String contentType = CONTENT_TYPES[r.nextInt(CONTENT_TYPES.length)];
        if (!contentType.isEmpty()) {
            headers.add("Content-Type: " + contentType);
        }
        if (shape == 1) {
            headers.add(oddHeader(r));
        }
        byte[] body = body(r);
        if (method.equals("GET") && r.nextInt(3) > 0) {
            body = new byte[0];
        }
        String label = method + " " + clip(path) + " [" + clip(contentType) + "] body " + body.length + " bytes #" + i;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (shape == 2) {
            // A request line that is not one: raw bytes, a missing version, HTTP/3.0.
            String[] lines = {"\u0000\u00ff garbage", method + " " + path, method + " " + path + " HTTP/3.0",
                    method + "  " + path + "  HTTP/1.1", method + " " + path + " HTTP/1.1 extra"};
            String line = lines[r.nextInt(lines.length)];
            label = "request line '" + clip(line) + "' #" + i;
            write(out, line + "\r\n");
        } else {
            write(out, method + " " + path + " HTTP/1.1\r\n");
        }
        if (shape == 3 && body.length > 0) {
            headers.add("Transfer-Encoding: chunked");
            byte[] chunked = chunked(r, body);
            headers.add("Connection: close");
            headers.forEach(h -> write(out, h + "\r\n"));
            write(out, "\r\n");
            out.writeBytes(chunked);
            return new Case(label + " chunked", out.toByteArray());
        }
        headers.add("Content-Length: " + body.length);
        headers.add("Connection: close");
        headers.forEach(h -> write(out, h + "\r\n"));
        write(out, "\r\n");
        out.writeBytes(body);
        return new Case(label, out.toByteArray());
    }

    private static String oddHeader(SplittableRandom r) {
        return switch (r.nextInt(8)) {
            case 0 -> "X-Long: " + "v".repeat(9000); // past max-header-value-length (8k)
            case 1 -> "Content-Encoding: " + (r.nextBoolean() ? "gzip" : "br, deflate");
            case 2 -> "X-Bytes: \u00ff\u00fe\u0001";
            case 3 -> "Bad Header Name: x";
            case 4 -> "NoColon";
            case 5 -> "Expect: " + (r.nextBoolean() ? "100-continue" : "teapot");
            case 6 -> "Accept: image/png";
            default -> "X-Many: 1\r\n".repeat(70).trim(); // past max-header-count (64)
        };
    }

    /** A malformed body: deep nesting, huge numbers, invalid UTF-8, wrong shapes, too large. */
    private static byte[] body(SplittableRandom r) {
        int depth = 65 + r.nextInt(20_000);
        String text = switch (r.nextInt(16)) {
            case 0 -> "[".repeat(depth) + "]".repeat(depth);
            case 1 -> "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
            case 2 -> "scenario { x = " + "[".repeat(depth);
            case 3 -> "{\"type\":\"intercept-resend\",\"link\":\"g1\",\"fraction\":1" + "0".repeat(r.nextInt(5000)) + "}";
            case 4 -> "{\"type\":\"tamper-flip\",\"link\":\"g1\",\"count\":1e" + r.nextInt(1_000_000_000) + "}";
            case 5 -> "{\"type\":\"pns\",\"link\":\"" + "l".repeat(r.nextInt(3000)) + "\"}";
            case 6 -> "{\"type\":\"intercept-resend\",\"link\":\"g1\",\"fraction\":NaN}";
            case 7 -> "scenario { name = ${PATH}, groups = [] }";
            case 8 -> "include file(\"/etc/passwd\")";
            case 9 -> "\"\"\"" + "[".repeat(depth);
            case 10 -> "{\"type\":\"intercept-resend\",\"type\":\"pns\",\"link\":null,\"member\":[]}";
            case 11 -> "a".repeat(1024 * 1024 + r.nextInt(4096)); // past the scenario limit (1 MiB)
            case 12 -> "";
            default -> null;
        };
        if (text != null) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        byte[][] invalid = {{(byte) 0xff, (byte) 0xfe, '{'}, {(byte) 0xc0, (byte) 0x80}, {(byte) 0xed, (byte) 0xa0,
                (byte) 0x80}, {'{', '"', (byte) 0xf8, (byte) 0x88, (byte) 0x80, '"', '}'}};
        if (r.nextBoolean()) {
            return invalid[r.nextInt(invalid.length)];
        }
        byte[] noise = new byte[r.nextInt(2000)];
        for (int k = 0; k < noise.length; k++) {
            noise[k] = (byte) r.nextInt(256);
        }
        return noise;
    }

    /** The body as chunks; sometimes with a chunk size that lies or is not hex. */
    private static byte[] chunked(SplittableRandom r, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int lie = r.nextInt(4);
        write(out, (lie == 0 ? "zz" : Integer.toHexString(body.length)) + "\r\n");
        out.writeBytes(body);
        write(out, "\r\n0\r\n\r\n");
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String clip(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "…(" + s.length() + ")";
    }

    /** A status line, the Content-Type and the body. */
    record Response(int status, String contentType, String body) {
        @Override
        public String toString() {
            return status + " [" + contentType + "] " + clip(body);
        }
    }

    /** Writes the request (ignoring a server that stops reading early) and reads the answer until the server closes. */
    static Response send(InetSocketAddress api, byte[] request) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(api, 5000);
            s.setSoTimeout(15_000);
            Thread writer = new Thread(() -> {
                try {
                    OutputStream out = s.getOutputStream();
                    out.write(request);
                    out.flush();
                    s.shutdownOutput();
                } catch (IOException e) {
                    // the server answered and closed before reading all of it (413, 414, 431): the answer counts
                }
            }, "fuzz-writer");
            writer.setDaemon(true);
            writer.start();
            byte[] raw = readAll(s.getInputStream());
            return parse(new String(raw, StandardCharsets.ISO_8859_1));
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
            }
        } catch (IOException e) {
            if (out.size() == 0) {
                throw e; // a reset after the answer arrived loses nothing we check
            }
        }
        return out.toByteArray();
    }

    private static Response parse(String raw) throws IOException {
        int end = raw.indexOf("\r\n\r\n");
        if (!raw.startsWith("HTTP/1.1 ") || end < 0) {
            throw new IOException("not an HTTP response: '" + clip(raw) + "'");
        }
        String[] lines = raw.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].substring(9, 12));
        String type = "";
        for (String h : lines) {
            if (h.toLowerCase(Locale.ROOT).startsWith("content-type:")) {
                type = h.substring(13).trim();
            }
        }
        // Connection: close, so the body runs to the end (chunked answers are not sent for refusals).
        String body = new String(raw.substring(end + 4).getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        return new Response(status, type, body);
    }
}
