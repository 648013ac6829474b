package io.qmkdc.qkd;

/**
 * One batch of Cascade parity questions: range {@code i} is positions
 * {@code [start[i], end[i])} of pass {@code pass[i]}'s shuffled key (see {@link CascadeShuffle}).
 * Ranges, not index lists: the shuffle is public and derived from a shared seed, so a question
 * costs two ints on the wire. The arrays belong to the request and are not copied.
 */
public record ParityRequest(int[] pass, int[] start, int[] end) {
    public ParityRequest {
        if (pass.length != start.length || pass.length != end.length) {
            throw new IllegalArgumentException("pass, start and end must have equal lengths, were "
                    + pass.length + ", " + start.length + ", " + end.length);
        }
    }

    /** Number of parities asked, i.e. bits Alice discloses when she answers. */
    public int size() {
        return pass.length;
    }
}
