package io.qmkdc.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code deploy/qmkdc demo}: runs {@code conf/scenarios/demo.conf} on an embedded one-node cluster. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the demo scenario: 3 groups x 4 members at 10, 35, 80 km; authentication, keys, "
                + "same-group and relayed messages, an intercept-resend attack and re-key, an impostor refused.")
final class DemoCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        return ScenarioCommands.execute("demo", common);
    }
}
