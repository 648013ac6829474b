package io.qmkdc.scenario;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigIncludeContext;
import com.typesafe.config.ConfigIncluder;
import com.typesafe.config.ConfigIncluderClasspath;
import com.typesafe.config.ConfigIncluderFile;
import com.typesafe.config.ConfigIncluderURL;
import com.typesafe.config.ConfigObject;
import java.io.File;
import java.net.URL;

/**
 * Refuses every HOCON {@code include} (plain, {@code file()}, {@code url()}, {@code classpath()}): a scenario posted
 * to the control API must not make the server read its files or fetch URLs. Implements every includer interface,
 * else the library falls back to its default includer for that form.
 */
final class NoIncludes implements ConfigIncluder, ConfigIncluderFile, ConfigIncluderURL, ConfigIncluderClasspath {
    static final NoIncludes INSTANCE = new NoIncludes();

    private NoIncludes() {
    }

    @Override
    public ConfigIncluder withFallback(ConfigIncluder fallback) {
        return this;
    }

    @Override
    public ConfigObject include(ConfigIncludeContext context, String what) {
        throw refused();
    }

    @Override
    public ConfigObject includeFile(ConfigIncludeContext context, File what) {
        throw refused();
    }

    @Override
    public ConfigObject includeURL(ConfigIncludeContext context, URL what) {
        throw refused();
    }

    @Override
    public ConfigObject includeResources(ConfigIncludeContext context, String what) {
        throw refused();
    }

    private static ConfigException refused() {
        return new ConfigException.Generic("include is not allowed in a scenario");
    }
}
