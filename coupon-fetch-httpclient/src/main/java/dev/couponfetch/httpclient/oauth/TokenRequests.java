package dev.couponfetch.httpclient.oauth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import dev.couponfetch.AuthConfig;
import dev.couponfetch.Secret;
import dev.couponfetch.TokenRequestFormat;
import dev.couponfetch.internal.config.ConfigJson;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A token request as sent: Nimbus' request (grant, client authentication, scope) with the config's
 * extra parameters ({@code auth.tokenParams}) and headers ({@code auth.tokenHeaders}), as a form
 * or, with {@code tokenRequestFormat} {@code JSON}, the same parameters as one JSON object.
 * Stateless.
 */
final class TokenRequests {
  private TokenRequests() {}

  /** The request, with the values that must be masked wherever it is shown. */
  record Built(HTTPRequest request, List<String> secrets) {}

  static Built build(
      AuthConfig auth, URI tokenUrl, AuthorizationGrant grant, Scope scope, Instant now) {
    ClientAuthentication clientAuth = ClientAuthentications.of(auth, tokenUrl, now);
    TokenRequest tr =
        clientAuth == null
            ? new TokenRequest(tokenUrl, new ClientID(auth.clientId()), grant, scope)
            : new TokenRequest(tokenUrl, clientAuth, grant, scope);
    HTTPRequest request = tr.toHTTPRequest();
    request.setAccept("application/json");
    Map<String, List<String>> params =
        new LinkedHashMap<>(URLUtils.parseParameters(request.getBody()));
    auth.tokenParams().forEach((name, value) -> params.put(name, List.of(value)));
    List<String> secrets = new java.util.ArrayList<>();
    // A client assertion is a bearer credential until it expires.
    params.getOrDefault("client_assertion", List.of()).forEach(secrets::add);
    for (Map.Entry<String, Secret> h : auth.tokenHeaders().entrySet()) {
      request.setHeader(h.getKey(), h.getValue().reveal());
      secrets.add(h.getValue().reveal());
    }
    if (auth.clientKey() != null) {
      secrets.add(auth.clientKey().reveal());
    }
    if (auth.tokenRequestFormat() == TokenRequestFormat.JSON) {
      try {
        request.setContentType("application/json");
      } catch (com.nimbusds.oauth2.sdk.ParseException e) {
        throw new IllegalStateException("application/json is a valid content type", e);
      }
      request.setBody(json(params));
    } else {
      request.setBody(URLUtils.serializeParameters(params));
    }
    return new Built(request, secrets);
  }

  /** One member per parameter: a string, or an array when it repeats. */
  private static String json(Map<String, List<String>> params) {
    ObjectNode o = ConfigJson.mapper().createObjectNode();
    params.forEach(
        (name, values) -> {
          if (values.size() == 1) {
            o.put(name, values.get(0));
          } else {
            ArrayNode a = o.putArray(name);
            values.forEach(a::add);
          }
        });
    try {
      return ConfigJson.mapper().writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings always serializes", e);
    }
  }
}
