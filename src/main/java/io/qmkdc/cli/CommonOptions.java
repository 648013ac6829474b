package io.qmkdc.cli;

import picocli.CommandLine.Option;

/** Options every command takes: a seed for reproducible runs and a JSON target. */
public final class CommonOptions {
    @Option(names = "--seed", paramLabel = "N", description = "seed of the emulation's random generator (default ${DEFAULT-VALUE}); the same seed prints the same numbers")
    public long seed = 1;

    @Option(names = "--json", paramLabel = "FILE", description = "also write the result as JSON to FILE ('-' for stdout, which then carries only JSON)")
    public String json;
}
