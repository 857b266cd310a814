package dev.couponfetch.httpclient.guard;

import java.net.UnknownHostException;

/**
 * The {@link NetworkGuard} refused a host: it is, or resolves to, an address the guard does not
 * allow. An {@link UnknownHostException} so that it passes through HttpClient's connection code
 * unchanged, thrown before any socket is opened; the fetcher turns it into a {@code
 * CouponFetchException} with {@code Reason.BLOCKED_ADDRESS}.
 */
public final class BlockedAddressException extends UnknownHostException {
  private static final long serialVersionUID = 1L;

  private final String host;
  private final String address;
  private final AddressClass addressClass;

  BlockedAddressException(String host, String address, AddressClass addressClass, String message) {
    super(message);
    this.host = host;
    this.address = address;
    this.addressClass = addressClass;
  }

  /** The host as the URL names it, IPv6 literals without brackets. */
  public String host() {
    return host;
  }

  /**
   * The refused address ({@code 127.0.0.1}), or null when the host's spelling itself was refused as
   * ambiguous.
   */
  public String address() {
    return address;
  }

  /** The class of the refused address, or null when the spelling itself was refused. */
  public AddressClass addressClass() {
    return addressClass;
  }
}
