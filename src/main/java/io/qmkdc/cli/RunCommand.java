package io.qmkdc.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code deploy/qmkdc run FILE}: runs any scenario file (keys in conf/scenarios/README.md); with {@code --connect URL}
 * on a running deployment.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a scenario file (HOCON, see conf/scenarios/README.md) on an embedded one-node cluster.")
final class RunCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Parameters(index = "0", paramLabel = "FILE", description = "scenario file, or the name of a bundled scenario")
    String file;

    @Option(names = "--connect", paramLabel = "URL",
            description = "run it on a running deployment through its control API (POST /scenarios) instead")
    String connect;

    @Mixin
    OperatorCertificate operator = new OperatorCertificate();

    @Override
    public Integer call() {
        if (connect != null) {
            return RemoteRun.execute(connect, operator, file);
        }
        return ScenarioCommands.execute(file, common);
    }
}
