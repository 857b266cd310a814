package dev.couponfetch.httpclient.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.couponfetch.CouponSourceConfig;
import dev.couponfetch.MappingConfig;
import java.util.ArrayList;
import java.util.List;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.io.CloseMode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The cache of clients per set of extra trusted CAs: bounded, closed when no longer in use. */
class TlsClientsTest {
  private static final List<String> PEMS = new ArrayList<>();

  /** A client that only records being closed. */
  private static final class Client extends CloseableHttpClient {
    final TlsSocketStrategy tls;
    volatile boolean closed;

    Client(TlsSocketStrategy tls) {
      this.tls = tls;
    }

    @Override
    protected CloseableHttpResponse doExecute(
        HttpHost target, ClassicHttpRequest request, HttpContext context) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void close(CloseMode closeMode) {
      closed = true;
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  private final List<Client> built = new ArrayList<>();

  @BeforeAll
  static void cas() {
    for (int i = 0; i < 3; i++) {
      PEMS.add(TestPki.ca("CA " + i).pem());
    }
  }

  private TlsClients clients(int max) {
    return TlsClients.create(
        tls -> {
          Client c = new Client(tls);
          built.add(c);
          return c;
        },
        max);
  }

  private static CouponSourceConfig config(String pem) {
    return CouponSourceConfig.builder("https://shop.example/c")
        .mapping(MappingConfig.code("code"))
        .trustedCertificates(pem)
        .build();
  }

  @Test
  void lease_withoutCertificates_isTheStandardClient() {
    TlsClients clients = clients(2);

    try (TlsClients.Lease lease = clients.lease(config(null))) {
      assertThat(lease.client()).isSameAs(clients.standard()).isSameAs(built.get(0));
    }
    assertThat(clients.cached()).isZero();
  }

  @Test
  void lease_sameCertificates_sameClient_otherCertificates_anotherClient() {
    TlsClients clients = clients(2);

    try (TlsClients.Lease a = clients.lease(config(PEMS.get(0)));
        TlsClients.Lease b = clients.lease(config(PEMS.get(0) + "\n"));
        TlsClients.Lease c = clients.lease(config(PEMS.get(1)))) {
      assertThat(a.client()).isSameAs(b.client()).isNotSameAs(clients.standard());
      assertThat(c.client()).isNotSameAs(a.client()).isNotSameAs(clients.standard());
    }
    assertThat(clients.cached()).isEqualTo(2);
  }

  @Test
  void lease_beyondMax_closesTheLeastRecentlyUsed_onlyOnceItIsReturned() {
    TlsClients clients = clients(2);
    TlsClients.Lease first = clients.lease(config(PEMS.get(0)));
    Client oldest = (Client) first.client();
    clients.lease(config(PEMS.get(1))).close();

    clients.lease(config(PEMS.get(2))).close();

    assertThat(clients.cached()).isEqualTo(2);
    assertThat(oldest.closed).as("still lent out").isFalse();
    first.close();
    first.close(); // harmless
    assertThat(oldest.closed).isTrue();
    assertThat(built.stream().filter(c -> c.closed)).hasSize(1);
  }

  @Test
  void close_closesEveryClient_andLeasingAfterwardsFails() {
    TlsClients clients = clients(2);
    clients.lease(config(PEMS.get(0))).close();

    clients.close();

    assertThat(built).allMatch(c -> c.closed).hasSize(2);
    assertThatThrownBy(() -> clients.lease(config(PEMS.get(1))))
        .isInstanceOf(IllegalStateException.class);
  }
}
