package dev.distillery.spi;

/**
 * A mistake the user can fix (bad option, missing file, wrong shape). The CLI prints its message
 * without a stack trace; the message names the thing, shows the bad value and says how to fix it.
 */
public class UserException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public UserException(String message) {
    super(message);
  }

  public UserException(String message, Throwable cause) {
    super(message, cause);
  }
}
