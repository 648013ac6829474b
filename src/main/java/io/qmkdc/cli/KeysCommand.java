package io.qmkdc.cli;

import io.qmkdc.pki.TlsContexts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code deploy/qmkdc keys}: a small ETSI GS QKD 014 client. {@code status SLAVE}, {@code get SLAVE} (enc_keys) and
 * {@code dec MASTER --key-id ID} (dec_keys) as SAE {@code --sae}, authenticated by its client certificate; prints
 * the KME's JSON answer. Exit 0 on 200, 1 on a refusal (the Error body is printed), 2 on bad input.
 */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "ETSI GS QKD 014 client: status SLAVE | get SLAVE [--number N --size BITS --also A,B] | dec MASTER --key-id ID")
final class KeysCommand implements Callable<Integer> {
    private static final Pattern SAE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    @Parameters(index = "0", paramLabel = "ACTION", description = "status, get or dec")
    String action;

    @Parameters(index = "1", paramLabel = "SAE_ID", description = "the slave (status, get) or the master (dec)")
    String peer;

    @Option(names = "--connect", paramLabel = "URL", required = true, description = "the KME, e.g. https://127.0.0.1:8443")
    URI connect;

    @Option(names = "--sae", paramLabel = "ID", required = true, description = "this application's SAE id")
    String sae;

    @Option(names = "--pki", paramLabel = "DIR", defaultValue = "run/serve/pki",
            description = "PKI folder with ca.crt and this SAE's ID.crt, ID.key ('pki sae ID'; default ${DEFAULT-VALUE}, serve's)")
    Path pki;

    @Option(names = "--number", paramLabel = "N", description = "keys to get (default: the KME's 1)")
    Integer number;

    @Option(names = "--size", paramLabel = "BITS", description = "bits per key (default: the KME's key_size)")
    Integer size;

    @Option(names = "--also", paramLabel = "A,B", split = ",", description = "additional slave SAEs (multicast)")
    List<String> also;

    @Option(names = "--key-id", paramLabel = "ID", description = "the key to fetch (dec)")
    String keyId;

    @Override
    public Integer call() throws InterruptedException {
        checkSae("--sae", sae);
        checkSae("SAE_ID", peer);
        if (!"https".equals(connect.getScheme()) || connect.getHost() == null) {
            throw new UsageError("--connect: must be an https:// URL, got " + connect);
        }
        String base = "/api/v1/keys/" + peer + "/";
        HttpRequest.Builder req = switch (action) {
            case "status" -> HttpRequest.newBuilder(connect.resolve(base + "status")).GET();
            case "get" -> HttpRequest.newBuilder(connect.resolve(base + "enc_keys"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(keyRequest()));
            case "dec" -> {
                if (keyId == null || !keyId.matches("[0-9a-fA-F-]{36}")) {
                    throw new UsageError("--key-id: a key_ID (UUID) is required for dec, got " + keyId);
                }
                yield HttpRequest.newBuilder(connect.resolve(base + "dec_keys"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"key_IDs\":[{\"key_ID\":\"" + keyId + "\"}]}"));
            }
            default -> throw new UsageError("ACTION: must be status, get or dec, got " + action);
        };
        HttpClient http;
        try {
            http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                    .sslContext(TlsContexts.client(PkiCommand.open(pki), sae))
                    .build();
        } catch (IOException | GeneralSecurityException e) {
            throw new UsageError("--pki: cannot read the certificate of " + sae + " in " + pki + ": " + e.getMessage());
        }
        try {
            HttpResponse<String> r = http.send(req.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            System.out.println(r.body());
            if (r.statusCode() != 200) {
                System.err.println("HTTP " + r.statusCode());
                return 1;
            }
            return 0;
        } catch (IOException e) {
            System.err.println("error: cannot reach " + connect + ": " + e.getMessage());
            return 1;
        }
    }

    private String keyRequest() {
        StringBuilder b = new StringBuilder("{");
        if (number != null) {
            b.append("\"number\":").append(number);
        }
        if (size != null) {
            b.append(b.length() > 1 ? "," : "").append("\"size\":").append(size);
        }
        if (also != null && !also.isEmpty()) {
            also.forEach(a -> checkSae("--also", a));
            b.append(b.length() > 1 ? "," : "").append("\"additional_slave_SAE_IDs\":[")
                    .append(String.join(",", also.stream().map(a -> "\"" + a + "\"").toList())).append("]");
        }
        return b.append("}").toString();
    }

    private static void checkSae(String field, String id) {
        if (id == null || !SAE.matcher(id).matches()) {
            throw new UsageError(field + ": an SAE id (letters, digits, . _ -), got '" + id + "'");
        }
    }
}
