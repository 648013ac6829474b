package io.qmkdc.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qmkdc.api.ApiClient;
import io.qmkdc.api.ApiError;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code deploy/qmkdc attack --connect URL attach|list|detach}: attaches and detaches eavesdroppers on a running
 * deployment through its control API. Exit 2 for a request the server refuses (its message is printed), 1 when it
 * cannot be reached.
 */
@Command(name = "attack", mixinStandardHelpOptions = true,
        description = "Attach, list and detach attacks on a running deployment (control API, see `serve`).",
        subcommands = {AttackCommand.Attach.class, AttackCommand.ListAttacks.class, AttackCommand.Detach.class})
final class AttackCommand implements Runnable {
    @Option(names = "--connect", paramLabel = "URL", defaultValue = "http://127.0.0.1:8558",
            description = "control API of the deployment (default ${DEFAULT-VALUE})")
    String connect;

    @picocli.CommandLine.Mixin
    OperatorCertificate operator = new OperatorCertificate();

    @Override
    public void run() {
        throw new UsageError("attack needs a subcommand: attach, list or detach (see deploy/qmkdc attack --help)");
    }

    /** Runs {@code call} against the API, turning its failures into the CLI's exit codes. */
    static int withClient(String connect, Function<ApiClient, Integer> call) {
        return withClient(connect, new OperatorCertificate(), call);
    }

    /** As {@link #withClient(String, Function)}, presenting {@code operator}'s certificate to an https URL. */
    static int withClient(String connect, OperatorCertificate operator, Function<ApiClient, Integer> call) {
        ApiClient client;
        try {
            java.net.URI base = ApiClient.parseBase(connect);
            client = new ApiClient(base, operator.context(base));
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage());
        }
        try {
            return call.apply(client);
        } catch (ApiError e) {
            if (e.status() >= 500) {
                System.err.println("error: server: " + e.getMessage());
                return 1;
            }
            throw new UsageError(e.getMessage().replace('\n', ';'));
        } catch (ApiClient.Unreachable e) {
            System.err.println("error: " + e.getMessage());
            return 1;
        }
    }

    @Command(name = "attach", mixinStandardHelpOptions = true,
            description = "Attach an attack: intercept-resend, pns, denial, tamper-flip, tamper-replay, tamper-drop "
                    + "(--link) or impostor, measure-pair, intercept-return (--member).")
    static final class Attach implements Callable<Integer> {
        @ParentCommand
        AttackCommand parent;

        @Parameters(index = "0", paramLabel = "TYPE", description = "attack type")
        String type;

        @Option(names = "--link", paramLabel = "LINK", description = "link name (group id; member id in per-member keying)")
        String link;

        @Option(names = "--member", paramLabel = "MEMBER", description = "member whose authentication is attacked")
        String member;

        @Option(names = "--fraction", paramLabel = "P", description = "intercept-resend: share of pulses, in [0, 1]")
        Double fraction;

        @Option(names = "--count", paramLabel = "N", description = "tamper-*: classical messages to tamper with")
        Integer count;

        @Override
        public Integer call() {
            ObjectNode body = Output.json().createObjectNode().put("type", type);
            if (link != null) {
                body.put("link", link);
            }
            if (member != null) {
                body.put("member", member);
            }
            if (fraction != null) {
                body.put("fraction", fraction);
            }
            if (count != null) {
                body.put("count", count);
            }
            return withClient(parent.connect, parent.operator, c -> {
                JsonNode a = c.attach(body.toString());
                System.out.println("attached " + a.path("id").asText() + ": " + describe(a));
                return 0;
            });
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the attacks attached now.")
    static final class ListAttacks implements Callable<Integer> {
        @ParentCommand
        AttackCommand parent;

        @Override
        public Integer call() {
            return withClient(parent.connect, parent.operator, c -> {
                JsonNode list = c.attacks().path("attacks");
                if (list.isEmpty()) {
                    System.out.println("no attacks attached");
                    return 0;
                }
                Output.Table t = new Output.Table("id", "type", "target", "parameters");
                for (JsonNode a : list) {
                    t.row(a.path("id").asText(), a.path("type").asText(), a.path("target").asText(), parameters(a));
                }
                t.print(System.out);
                return 0;
            });
        }
    }

    @Command(name = "detach", mixinStandardHelpOptions = true, description = "Detach an attack by its id.")
    static final class Detach implements Callable<Integer> {
        @ParentCommand
        AttackCommand parent;

        @Parameters(index = "0", paramLabel = "ID", description = "attack id, as printed by attach or list")
        String id;

        @Override
        public Integer call() {
            if (!io.qmkdc.api.AttackRequest.ID.matcher(id).matches()) {
                throw new UsageError("ID: must be 1 to 64 letters, digits, '-' or '_', got '" + id + "'");
            }
            return withClient(parent.connect, parent.operator, c -> {
                c.detach(id);
                System.out.println("detached " + id);
                return 0;
            });
        }
    }

    static String describe(JsonNode a) {
        String p = parameters(a);
        return a.path("type").asText() + " on " + a.path("target").asText() + (p.isEmpty() ? "" : " (" + p + ")");
    }

    private static String parameters(JsonNode a) {
        if (a.hasNonNull("fraction")) {
            return String.format(Locale.ROOT, "fraction %s", a.get("fraction").asText());
        }
        if (a.hasNonNull("count")) {
            return "count " + a.get("count").asInt();
        }
        return "";
    }
}
