package io.qmkdc.cli;

/** Bad input from the user: printed as one line naming the parameter, exit code 2, no stack trace. */
public final class UsageError extends RuntimeException {
    public UsageError(String message) {
        super(message, null, false, false);
    }
}
