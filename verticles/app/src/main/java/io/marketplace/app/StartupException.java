package io.marketplace.app;

/** A start-up problem the user can fix; its message is the one line the launcher prints before exiting. */
public class StartupException extends RuntimeException {

    public StartupException(String message) {
        super(message);
    }

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
