package io.qmkdc.cli;

import io.qmkdc.optics.LinkProfile;
import picocli.CommandLine.Option;

/** The {@code --profile} option shared by the commands that emulate or model a link. */
public final class ProfileOption {
    @Option(names = "--profile", defaultValue = "gys",
            description = "profile name in conf/profiles (gys, paper) or a .conf file (default ${DEFAULT-VALUE})")
    String profile;

    LinkProfile load() {
        return Profiles.load(profile);
    }
}
