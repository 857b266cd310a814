package dev.couponfetch.internal.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.couponfetch.OAuthTokens;
import dev.couponfetch.TokenStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link TokenStore} in one JSON file ({@code {"tokens": {"<key>": {...}}}}), for the command
 * line and single-node tools.
 *
 * <p>Every change is written to a temporary file in the same folder, readable and writable by its
 * owner only, and moved over the old file atomically, so a reader never sees half a file and a
 * crash never loses the tokens. {@link #compareAndSet} holds a lock on {@code <file>.lock} (across
 * processes) and a lock per file (across threads of this JVM, which file locks do not cover).
 * Tokens are stored in plain text: protect the file like a password. Thread-safe.
 */
public final class FileTokenStore implements TokenStore {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  /** The largest file read: thousands of configs' tokens, and no more. */
  static final int MAX_BYTES = 16 * 1024 * 1024;

  private final Path file;
  private final Path lockFile;

  /** A store in {@code file}, which need not exist yet. */
  public FileTokenStore(Path file) {
    this.file = Objects.requireNonNull(file, "file == null").toAbsolutePath().normalize();
    this.lockFile = this.file.resolveSibling(this.file.getFileName() + ".lock");
  }

  @Override
  public Optional<OAuthTokens> get(String key) {
    Objects.requireNonNull(key, "key == null");
    return Optional.ofNullable(TokenJson.fromNode(read().path("tokens").get(key)));
  }

  @Override
  public boolean compareAndSet(String key, OAuthTokens expected, OAuthTokens replacement) {
    Objects.requireNonNull(key, "key == null");
    ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(file, f -> new ReentrantLock());
    jvmLock.lock();
    try (FileChannel channel = openLockFile();
        FileLock lock = channel.lock()) {
      assert lock.isValid();
      ObjectNode root = read();
      ObjectNode tokens = root.withObjectProperty("tokens");
      if (!Objects.equals(TokenJson.fromNode(tokens.get(key)), expected)) {
        return false;
      }
      if (replacement == null) {
        tokens.remove(key);
      } else {
        tokens.set(key, TokenJson.toNode(replacement));
      }
      write(root);
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write token store " + file + ": " + IoText.describe(e), e);
    } finally {
      jvmLock.unlock();
    }
  }

  private FileChannel openLockFile() throws IOException {
    createParent();
    return FileChannel.open(
        lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
  }

  private ObjectNode read() {
    byte[] bytes;
    if (!Files.exists(file)) {
      // Not written yet, or its folder is missing or a file: the first write says which.
      return JSON.createObjectNode();
    }
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      if (!attributes.isRegularFile()) {
        // Checked before opening: a named pipe would block and a device never end.
        throw unreadable("it is not a regular file");
      }
      try (InputStream in = Files.newInputStream(file)) {
        bytes = in.readNBytes(MAX_BYTES + 1);
      }
    } catch (NoSuchFileException e) {
      return JSON.createObjectNode();
    } catch (IOException e) {
      throw unreadable(IoText.describe(e));
    }
    if (bytes.length > MAX_BYTES) {
      throw unreadable("it is larger than " + MAX_BYTES / (1024 * 1024) + " MiB");
    }
    try {
      JsonNode root = JSON.readTree(bytes);
      return root instanceof ObjectNode ? (ObjectNode) root : JSON.createObjectNode();
    } catch (IOException e) {
      // No cause: a parser message could quote a token.
      throw unreadable("not a token store file");
    }
  }

  private UncheckedIOException unreadable(String why) {
    return new UncheckedIOException(
        new IOException("cannot read token store " + file + ": " + why));
  }

  private void write(ObjectNode root) throws IOException {
    createParent();
    Path tmp =
        Files.createTempFile(file.getParent(), file.getFileName() + ".", ".tmp", ownerOnly());
    try {
      try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        out.write(ByteBuffer.wrap(JSON.writeValueAsBytes(root)));
        out.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private void createParent() throws IOException {
    try {
      Files.createDirectories(file.getParent());
    } catch (FileAlreadyExistsException e) {
      throw new IOException("token store folder " + file.getParent() + " is not a folder", e);
    }
  }

  private static FileAttribute<?>[] ownerOnly() {
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    return posix
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
        : new FileAttribute<?>[0];
  }

  /** The file; never a token. */
  @Override
  public String toString() {
    return "FileTokenStore{" + file + "}";
  }
}
