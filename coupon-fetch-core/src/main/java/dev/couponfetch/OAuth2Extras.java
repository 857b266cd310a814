package dev.couponfetch;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The OAuth2 fields of issue 14 kept together, so that {@link AuthConfig} grows by one field:
 * client authentication by JWT ({@code clientKey}, {@code clientKeyId}, {@code
 * clientAssertionAlgorithm}), the extra token-request parameters and headers, the request format,
 * and where a token response keeps its values. Immutable; the builder is not thread-safe.
 */
final class OAuth2Extras {
  final Secret clientKey;
  final String clientKeyId;
  final String clientAssertionAlgorithm;
  final Map<String, String> tokenParams;
  final Map<String, Secret> tokenHeaders;
  final TokenRequestFormat tokenRequestFormat;
  final String accessTokenPath;
  final String expiresInPath;
  final String refreshTokenPath;

  private OAuth2Extras(Builder b) {
    this.clientKey = b.clientKey;
    this.clientKeyId = b.clientKeyId;
    this.clientAssertionAlgorithm = b.clientAssertionAlgorithm;
    this.tokenParams = Collections.unmodifiableMap(new LinkedHashMap<>(b.tokenParams));
    this.tokenHeaders = Collections.unmodifiableMap(new LinkedHashMap<>(b.tokenHeaders));
    this.tokenRequestFormat = b.tokenRequestFormat;
    this.accessTokenPath = b.accessTokenPath;
    this.expiresInPath = b.expiresInPath;
    this.refreshTokenPath = b.refreshTokenPath;
  }

  /** Appends the configured fields to a {@code toString()}; secret values as {@code ****}. */
  void appendTo(StringBuilder s) {
    if (clientKey != null) {
      s.append(", clientKey=").append(Secret.MASK);
    }
    if (clientKeyId != null) {
      s.append(", clientKeyId=").append(clientKeyId);
    }
    if (clientAssertionAlgorithm != null) {
      s.append(", clientAssertionAlgorithm=").append(clientAssertionAlgorithm);
    }
    if (!tokenParams.isEmpty()) {
      s.append(", tokenParams=").append(tokenParams);
    }
    if (!tokenHeaders.isEmpty()) {
      s.append(", tokenHeaders=").append(tokenHeaders); // Secret.toString() masks
    }
    if (tokenRequestFormat != null) {
      s.append(", tokenRequestFormat=").append(tokenRequestFormat);
    }
    if (accessTokenPath != null) {
      s.append(", accessTokenPath=").append(accessTokenPath);
    }
    if (expiresInPath != null) {
      s.append(", expiresInPath=").append(expiresInPath);
    }
    if (refreshTokenPath != null) {
      s.append(", refreshTokenPath=").append(refreshTokenPath);
    }
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof OAuth2Extras)) {
      return false;
    }
    OAuth2Extras that = (OAuth2Extras) o;
    return Objects.equals(clientKey, that.clientKey)
        && Objects.equals(clientKeyId, that.clientKeyId)
        && Objects.equals(clientAssertionAlgorithm, that.clientAssertionAlgorithm)
        && tokenParams.equals(that.tokenParams)
        && tokenHeaders.equals(that.tokenHeaders)
        && tokenRequestFormat == that.tokenRequestFormat
        && Objects.equals(accessTokenPath, that.accessTokenPath)
        && Objects.equals(expiresInPath, that.expiresInPath)
        && Objects.equals(refreshTokenPath, that.refreshTokenPath);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        clientKey,
        clientKeyId,
        clientAssertionAlgorithm,
        tokenParams,
        tokenHeaders,
        tokenRequestFormat,
        accessTokenPath,
        expiresInPath,
        refreshTokenPath);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("OAuth2Extras{");
    appendTo(s);
    return s.append('}').toString();
  }

  static final class Builder {
    Secret clientKey;
    String clientKeyId;
    String clientAssertionAlgorithm;
    final Map<String, String> tokenParams = new LinkedHashMap<>();
    final Map<String, Secret> tokenHeaders = new LinkedHashMap<>();
    TokenRequestFormat tokenRequestFormat;
    String accessTokenPath;
    String expiresInPath;
    String refreshTokenPath;

    void from(OAuth2Extras e) {
      clientKey = e.clientKey;
      clientKeyId = e.clientKeyId;
      clientAssertionAlgorithm = e.clientAssertionAlgorithm;
      tokenParams.putAll(e.tokenParams);
      tokenHeaders.putAll(e.tokenHeaders);
      tokenRequestFormat = e.tokenRequestFormat;
      accessTokenPath = e.accessTokenPath;
      expiresInPath = e.expiresInPath;
      refreshTokenPath = e.refreshTokenPath;
    }

    OAuth2Extras build() {
      return new OAuth2Extras(this);
    }
  }
}
