package io.qmkdc.optics;

/**
 * The detection events of one batch of pulses, as struct-of-arrays in increasing pulse order.
 * Only pulses that made the receiver click appear; the others are accounted for by
 * {@link #pulses()} and {@link #pulsesPerIntensity()}, so memory and time grow with detections.
 *
 * <p>Alice's columns ({@code intensity, aliceBasis, aliceBit}) are what the sender recorded for
 * that pulse; Bob's ({@code bobBasis, bobBit, doubleClick}) what the receiver saw. A double click
 * has already been given a random bit (squashing), as a real receiver would.
 * {@code photonNumber} is the emulator's ground truth (photons Alice emitted), for diagnostics and
 * tests only: no protocol step may read it.
 */
public record DetectionBatch(
        long firstPulse,
        long pulses,
        long[] pulsesPerIntensity,
        int size,
        long[] pulseIndex,
        byte[] intensity,
        byte[] aliceBasis,
        byte[] aliceBit,
        byte[] bobBasis,
        byte[] bobBit,
        boolean[] doubleClick,
        byte[] photonNumber) {

    public static final byte SIGNAL = 0;
    public static final byte DECOY = 1;
    public static final byte VACUUM = 2;
    public static final byte BASIS_Z = 0;
    public static final byte BASIS_X = 1;

    public DetectionBatch {
        if (pulseIndex.length < size || intensity.length < size || aliceBasis.length < size
                || aliceBit.length < size || bobBasis.length < size || bobBit.length < size
                || doubleClick.length < size || photonNumber.length < size) {
            throw new IllegalArgumentException("column shorter than size " + size);
        }
        if (pulsesPerIntensity.length != 3) {
            throw new IllegalArgumentException("pulsesPerIntensity needs signal, decoy, vacuum");
        }
    }

    @Override
    public String toString() {
        return "DetectionBatch[pulses=" + pulses + ", detections=" + size + "]";
    }
}
