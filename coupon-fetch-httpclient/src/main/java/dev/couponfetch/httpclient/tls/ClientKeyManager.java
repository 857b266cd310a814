package dev.couponfetch.httpclient.tls;

import dev.couponfetch.internal.config.ClientCertificates;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;

/**
 * Presents one config's client certificate whenever a server asks for one, as curl and OpenSSL do,
 * whatever CAs the server lists as acceptable: the JDK's own key manager would then send no
 * certificate at all, and the server's refusal would not say that it distrusts ours. Only the key
 * type is matched (an EC key is not offered where RSA is asked for). Immutable and thread-safe.
 */
final class ClientKeyManager extends ClientSideKeyManager {
  private static final String ALIAS = "client";

  private final PrivateKey key;
  private final X509Certificate[] chain;

  ClientKeyManager(ClientCertificates.Loaded loaded) {
    this.key = loaded.key();
    this.chain = loaded.chain().toArray(new X509Certificate[0]);
  }

  private String aliasFor(String[] keyTypes) {
    if (keyTypes != null) {
      for (String type : keyTypes) {
        if (key.getAlgorithm().equals(type)) {
          return ALIAS;
        }
      }
    }
    return null;
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return aliasFor(new String[] {keyType}) == null ? null : new String[] {ALIAS};
  }

  @Override
  public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
    return aliasFor(keyTypes);
  }

  @Override
  public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
    return aliasFor(keyTypes);
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    return ALIAS.equals(alias) ? chain.clone() : null;
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    return ALIAS.equals(alias) ? key : null;
  }
}
