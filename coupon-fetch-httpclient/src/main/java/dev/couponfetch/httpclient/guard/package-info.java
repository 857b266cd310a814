/**
 * The network guard: which addresses a fetcher may connect to. {@link
 * dev.couponfetch.httpclient.guard.NetworkGuard} decides, on the resolved addresses, in the DNS
 * resolver of the connection manager; {@link dev.couponfetch.httpclient.guard.AddressClass} names
 * what was refused. Usable on its own to judge an address without connecting to it.
 */
package dev.couponfetch.httpclient.guard;
