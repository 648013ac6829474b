package io.qmkdc.api;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A posted scenario's run as a control plane keeps it: its account as printed so far, its state, its error. */
final class ScenarioRunLog {
    final String id;
    final String name;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    volatile String state = "queued";
    volatile String error;

    ScenarioRunLog(String id, String name) {
        this.id = id;
        this.name = name;
    }

    ControlPlane.ScenarioRun view() {
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        return new ControlPlane.ScenarioRun(id, name, state, lines, error);
    }
}
