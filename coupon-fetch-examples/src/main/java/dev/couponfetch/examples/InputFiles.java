package dev.couponfetch.examples;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Files the command line is pointed at: only regular files, and only up to {@link #MAX_BYTES}.
 *
 * <p>A path may name a device ({@code /dev/zero} never ends), a named pipe (opening one for reading
 * blocks until a writer comes) or a directory, so the file type is read from its attributes before
 * the file is opened, and reading stops one byte past the limit. Failures are {@link Unusable},
 * worded for a person.
 */
final class InputFiles {
  /** The most the command line reads from one file: far more than any config. */
  static final int MAX_BYTES = 1024 * 1024;

  private InputFiles() {}

  /** Why a file cannot be used, in a few words ("no such file", "it is a directory"). */
  static final class Unusable extends Exception {
    private static final long serialVersionUID = 1L;

    Unusable(String why) {
      super(why, null, false, false);
    }
  }

  /**
   * Checks, without opening it, that {@code file} is a regular file (following symbolic links).
   *
   * @throws Unusable when it is missing, not reachable, a directory, or not a regular file
   */
  static BasicFileAttributes checkRegular(Path file) throws Unusable {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (IOException e) {
      throw unusable(e);
    }
    if (attributes.isDirectory()) {
      throw new Unusable("it is a directory");
    }
    if (!attributes.isRegularFile()) {
      throw new Unusable("it is not a regular file (a device, named pipe or socket)");
    }
    return attributes;
  }

  /**
   * The bytes of {@code file}, a regular file of at most {@link #MAX_BYTES}.
   *
   * @throws Unusable when it is not such a file or cannot be read
   */
  static byte[] read(Path file) throws Unusable {
    if (checkRegular(file).size() > MAX_BYTES) {
      throw tooLarge();
    }
    // The size was checked, but a file may grow, and some (in /proc) report 0: stop reading anyway.
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_BYTES + 1);
    } catch (IOException e) {
      throw unusable(e);
    }
    if (bytes.length > MAX_BYTES) {
      throw tooLarge();
    }
    return bytes;
  }

  private static Unusable tooLarge() {
    return new Unusable("it is larger than " + MAX_BYTES / 1024 / 1024 + " MiB");
  }

  private static Unusable unusable(IOException e) {
    if (e instanceof NoSuchFileException) {
      return new Unusable("no such file");
    }
    if (e instanceof AccessDeniedException) {
      return new Unusable("permission denied");
    }
    if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) {
      return new Unusable(((FileSystemException) e).getReason()); // "Not a directory", ...
    }
    return new Unusable("it cannot be read");
  }
}
