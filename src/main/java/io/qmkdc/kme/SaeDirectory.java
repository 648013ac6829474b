package io.qmkdc.kme;

import io.qmkdc.crypto.Sensitivity;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which KME each SAE is behind, and each KME's QKD link to the KDC. An SAE is a member; its KME is the key manager
 * of its QKD endpoint: the group terminal in per-group keying (link = the group's), the member's own link end in
 * per-member keying. {@code sensitivity} is the level of the KME's group: it picks the cipher of the KDC's hop onto
 * that link (one-time pad for TOP_SECRET, else a fresh 256-bit QKD key).
 */
public final class SaeDirectory {
    /** A KME: its id (reported as source/target_KME_ID), its link's name, the hop's sensitivity. */
    public record Kme(String id, String link, Sensitivity sensitivity) {
    }

    private final Map<String, Kme> kmeOfSae;

    private SaeDirectory(Map<String, Kme> kmeOfSae) {
        this.kmeOfSae = Map.copyOf(kmeOfSae);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optional<Kme> kmeOf(String sae) {
        return sae == null ? Optional.empty() : Optional.ofNullable(kmeOfSae.get(sae));
    }

    public Set<String> saes() {
        return kmeOfSae.keySet();
    }

    public Set<String> links() {
        return Set.copyOf(kmeOfSae.values().stream().map(Kme::link).toList());
    }

    public static final class Builder {
        private final Map<String, Kme> saes = new LinkedHashMap<>();

        /** SAE {@code sae} is served by a KME on link {@code link} (KME id {@code "kme-" + link}). */
        public Builder sae(String sae, String link, Sensitivity sensitivity) {
            if (saes.putIfAbsent(sae, new Kme("kme-" + link, link, sensitivity)) != null) {
                throw new IllegalArgumentException("SAE " + sae + " listed twice");
            }
            return this;
        }

        public SaeDirectory build() {
            return new SaeDirectory(saes);
        }
    }
}
