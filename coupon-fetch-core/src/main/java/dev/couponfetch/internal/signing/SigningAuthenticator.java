package dev.couponfetch.internal.signing;

import dev.couponfetch.Authenticator;
import dev.couponfetch.CouponFetchException;
import dev.couponfetch.PreparedRequest;
import dev.couponfetch.SigningConfig;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code HMAC}: signs each request a fetch sends as the config's {@code auth.signing} says, with
 * the time of {@code clock} and a new nonce (16 bytes of one shared {@link SecureRandom}) per
 * signature, so nothing is made once and reused. The signature header is sensitive: it never
 * follows a redirect to another origin, and is masked in reports. The session's {@link
 * Session#note()} shows the canonical string that was signed and where the headers went; it holds
 * no secret. Thread-safe.
 */
public final class SigningAuthenticator implements Authenticator {
  private static final HexFormat HEX = HexFormat.of();

  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  /** An authenticator taking its time from {@code clock}. */
  public SigningAuthenticator(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock == null");
  }

  @Override
  public Session begin(Call call) {
    SigningConfig signing = call.config().auth().signing();
    byte[] key =
        signing == null || signing.secret() == null
            ? null
            : SigningKeys.decode(signing.secret(), signing.secretEncoding());
    if (key == null) {
      // A built HMAC config has a usable key; this is a config of another type run as HMAC.
      throw CouponFetchException.invalidConfig(
          List.of("auth.signing: HMAC needs a signing object with a usable secret"));
    }
    return new SigningSession(signing, key);
  }

  /** 16 random bytes as 32 lower-case hex digits. */
  private String nonce() {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return HEX.formatHex(bytes);
  }

  /** One fetch: signs each request it is given, remembers the last for the note. */
  private final class SigningSession implements Session {
    private final SigningConfig signing;
    private final byte[] key;
    private volatile String note;

    SigningSession(SigningConfig signing, byte[] key) {
      this.signing = signing;
      this.key = key;
    }

    @Override
    public CompletionStage<PreparedRequest> authenticate(PreparedRequest request) {
      RequestSigner.Signed signed =
          RequestSigner.sign(
              signing,
              key,
              request.method().httpMethod(),
              request.uri(),
              request.body(),
              clock.instant(),
              nonce());
      note = describe(signed);
      return CompletableFuture.completedFuture(RequestSigner.apply(signing, request, signed));
    }

    @Override
    public Optional<String> note() {
      return Optional.ofNullable(note);
    }

    private String describe(RequestSigner.Signed signed) {
      List<String> sent = new ArrayList<>();
      sent.add("signature in " + signing.signatureHeader());
      if (signing.timestampHeader() != null) {
        sent.add("timestamp in " + signing.timestampHeader());
      }
      if (signing.nonceHeader() != null) {
        sent.add("nonce in " + signing.nonceHeader());
      }
      if (signing.keyIdHeader() != null) {
        sent.add("key id in " + signing.keyIdHeader());
      }
      return "request signed with "
          + signing.algorithm()
          + " ("
          + signing.encoding()
          + ") over "
          + signed.shown()
          + "; "
          + String.join(", ", sent);
    }
  }
}
