package dev.couponfetch.httpclient.tls;

import java.net.Socket;
import java.security.Principal;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/** A key manager for the client side of a handshake only: it never offers a server key. */
abstract class ClientSideKeyManager extends X509ExtendedKeyManager {
  @Override
  public final String[] getServerAliases(String keyType, Principal[] issuers) {
    return null;
  }

  @Override
  public final String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return null;
  }

  @Override
  public final String chooseEngineServerAlias(
      String keyType, Principal[] issuers, SSLEngine engine) {
    return null;
  }
}
