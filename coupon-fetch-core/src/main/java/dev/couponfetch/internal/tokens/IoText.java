package dev.couponfetch.internal.tokens;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * A file-system error in a person's words ("permission denied: /var/tokens.json"), for messages
 * that name the store and what went wrong without a Java class name.
 */
final class IoText {
  private IoText() {}

  static String describe(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied" + where((FileSystemException) e);
    }
    if (e instanceof NoSuchFileException) {
      return "no such file or folder" + where((FileSystemException) e);
    }
    if (e instanceof NotDirectoryException) {
      return "not a folder" + where((FileSystemException) e);
    }
    if (e instanceof FileSystemException) {
      FileSystemException f = (FileSystemException) e;
      String reason = f.getReason();
      return (reason == null || reason.isBlank() ? "file system error" : lower(reason)) + where(f);
    }
    String m = e.getMessage();
    return m == null || m.isBlank() ? "input/output error" : m;
  }

  private static String where(FileSystemException e) {
    return e.getFile() == null ? "" : ": " + e.getFile();
  }

  private static String lower(String reason) {
    return reason.isEmpty()
        ? reason
        : Character.toLowerCase(reason.charAt(0)) + reason.substring(1);
  }
}
