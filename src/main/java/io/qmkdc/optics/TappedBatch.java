package io.qmkdc.optics;

/**
 * A batch of detections together with the eavesdropper's side information: {@code eveKnowsBit[i]}
 * says whether Eve learns Alice's bit of detection i (after basis announcement). Kept apart from
 * {@link DetectionBatch} because no protocol step may read it; it is ground truth for reports.
 *
 * @param detections  what Alice and Bob recorded
 * @param eveKnowsBit per detection, whether Eve knows Alice's bit (length ≥ detections.size())
 */
public record TappedBatch(DetectionBatch detections, boolean[] eveKnowsBit) {

    public TappedBatch {
        if (eveKnowsBit.length < detections.size()) {
            throw new IllegalArgumentException("eveKnowsBit shorter than the batch");
        }
    }

    @Override
    public String toString() {
        return "TappedBatch[" + detections + "]";
    }
}
