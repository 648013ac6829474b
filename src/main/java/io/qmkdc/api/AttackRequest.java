package io.qmkdc.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qmkdc.scenario.Nesting;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A validated {@code POST /attacks} body: {@code {"type":"intercept-resend","link":"g2","fraction":1.0}}.
 * Optical and tampering attacks target a {@code link} (its quantum channel); authentication attacks
 * ({@code impostor}, {@code measure-pair}, {@code intercept-return}) a {@code member} (the channel its EPR halves
 * travel on). {@code fraction} (intercept-resend only, default 1) is in [0, 1]; {@code count} (tamper-* only,
 * default 1) in 1..{@value #MAX_COUNT}.
 */
public record AttackRequest(String type, String link, String member, double fraction, int count) {
    /** Attacks on a link's pulses or its classical post-processing. */
    public static final Set<String> LINK_TYPES = Set.of("intercept-resend", "pns", "denial", "tamper-flip",
            "tamper-replay", "tamper-drop");
    /** Attacks on a member's EPR authentication. */
    public static final Set<String> MEMBER_TYPES = Set.of("impostor", "measure-pair", "intercept-return");
    public static final int MAX_COUNT = 1_000_000;
    /** Ids of links, members, attacks and scenarios: letters, digits, '-' and '_', 1 to 64 of them. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Set<String> FIELDS = Set.of("type", "link", "member", "fraction", "count");
    /** Jackson's own limits as a second line behind {@link Nesting}: depth and the length of a number's digits. */
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder().streamReadConstraints(
            StreamReadConstraints.builder().maxNestingDepth(Nesting.MAX_DEPTH).maxNumberLength(100).build()).build());

    /** The attack's target for messages: the link or the member. */
    public String target() {
        return link != null ? link : member;
    }

    /**
     * Parses and checks a request body against the deployment's {@code links} and {@code members}.
     *
     * @throws ApiError 400 naming the first wrong field
     */
    public static AttackRequest parse(String body, Set<String> links, Set<String> members) {
        if (Nesting.scan(body, Nesting.Syntax.JSON, Nesting.MAX_DEPTH) instanceof Nesting.TooDeep deep) {
            throw ApiError.badRequest("body", deep.problem());
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest("body", "not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw ApiError.badRequest("body", "must be a JSON object like {\"type\":\"intercept-resend\",\"link\":\"g2\"}");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw ApiError.badRequest(clip(f), "unknown field (allowed: " + new TreeSet<>(FIELDS) + ")");
            }
        }
        String type = text(root, "type");
        if (type == null) {
            throw ApiError.badRequest("type", "required, one of " + types());
        }
        if (!LINK_TYPES.contains(type) && !MEMBER_TYPES.contains(type)) {
            throw ApiError.badRequest("type", "unknown attack type '" + clip(type) + "', expected one of " + types());
        }
        String link = text(root, "link");
        String member = text(root, "member");
        if (LINK_TYPES.contains(type)) {
            if (member != null) {
                throw ApiError.badRequest("member", "not used by " + type + ", which targets a link");
            }
            link = id("link", link, links, "link");
        } else {
            if (link != null) {
                throw ApiError.badRequest("link", "not used by " + type + ", which targets a member");
            }
            member = id("member", member, members, "member");
        }
        double fraction = 1.0;
        if (root.has("fraction")) {
            if (!type.equals("intercept-resend")) {
                throw ApiError.badRequest("fraction", "only intercept-resend takes a fraction");
            }
            JsonNode f = root.get("fraction");
            if (!f.isNumber() || !(f.doubleValue() >= 0 && f.doubleValue() <= 1)) {
                throw ApiError.badRequest("fraction", "must be a number in [0, 1], got " + clip(f.toString()));
            }
            fraction = f.doubleValue();
        }
        int count = 1;
        if (root.has("count")) {
            if (!type.startsWith("tamper-")) {
                throw ApiError.badRequest("count", "only tamper-flip, tamper-replay and tamper-drop take a count");
            }
            JsonNode c = root.get("count");
            if (!c.isIntegralNumber() || c.longValue() < 1 || c.longValue() > MAX_COUNT) {
                throw ApiError.badRequest("count", "must be an integer in 1.." + MAX_COUNT + ", got " + clip(c.toString()));
            }
            count = c.intValue();
        }
        return new AttackRequest(type, link, member, fraction, count);
    }

    /** Checks an id taken from a path ({@code DELETE /attacks/{id}}). */
    public static String checkId(String field, String value) {
        if (value == null || !ID.matcher(value).matches()) {
            throw ApiError.badRequest(field, "must be 1 to 64 letters, digits, '-' or '_'");
        }
        return value;
    }

    private static String id(String field, String value, Set<String> known, String what) {
        if (value == null) {
            throw ApiError.badRequest(field, "required (known: " + new TreeSet<>(known) + ")");
        }
        checkId(field, value);
        if (!known.contains(value)) {
            throw ApiError.badRequest(field, "unknown " + what + " '" + value + "' (known: " + new TreeSet<>(known) + ")");
        }
        return value;
    }

    private static String text(JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw ApiError.badRequest(field, "must be a string, got " + clip(n.toString()));
        }
        return n.textValue();
    }

    private static List<String> types() {
        TreeSet<String> all = new TreeSet<>(LINK_TYPES);
        all.addAll(MEMBER_TYPES);
        return List.copyOf(all);
    }

    /** Echoes at most 40 characters of client input into messages. */
    static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
