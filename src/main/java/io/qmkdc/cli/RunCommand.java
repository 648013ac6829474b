package io.qmkdc.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code deploy/qmkdc run FILE}: runs any scenario file (keys in conf/scenarios/README.md). */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a scenario file (HOCON, see conf/scenarios/README.md) on an embedded one-node cluster.")
final class RunCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Parameters(index = "0", paramLabel = "FILE", description = "scenario file, or the name of a bundled scenario")
    String file;

    @Override
    public Integer call() {
        return ScenarioCommands.execute(file, common);
    }
}
