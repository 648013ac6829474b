package io.qmkdc.api;

/**
 * A request the control API refuses: the HTTP status (400 bad input, 404 unknown id, 413 too large) and a
 * message naming the field ({@code fraction: must be a number in [0, 1], got 1.5}). Sent as {@code {"message": …}}.
 */
public final class ApiError extends RuntimeException {
    private final int status;
    private final java.util.List<String> problems;

    public ApiError(int status, String message) {
        this(status, message, java.util.List.of());
    }

    /** Several problems (a scenario's), each naming its setting; the message joins them with "; ". */
    public ApiError(int status, String message, java.util.List<String> problems) {
        super(message, null, false, false);
        this.status = status;
        this.problems = java.util.List.copyOf(problems);
    }

    public java.util.List<String> problems() {
        return problems;
    }

    public static ApiError badRequest(String field, String problem) {
        return new ApiError(400, field + ": " + problem);
    }

    public static ApiError notFound(String message) {
        return new ApiError(404, message);
    }

    public int status() {
        return status;
    }
}
