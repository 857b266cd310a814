/**
 * TLS for the fetcher's clients: host names always verified, the JDK's trusted CAs plus, per
 * config, the extra CA certificates of {@code tls.trustedCertificates}, each set in a client and
 * connection pool of its own ({@link dev.couponfetch.httpclient.tls.TlsClients}).
 */
package dev.couponfetch.httpclient.tls;
