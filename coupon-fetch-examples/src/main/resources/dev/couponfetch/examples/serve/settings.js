// The settings page of `coupon-fetch serve`: builds the config JSON from the form, shows it
// (secrets masked), and calls POST /api/test (Test Configuration) and POST /api/oauth/start
// (Fetch tokens); after a test, POST /api/map re-maps the response already received as the
// mapping is edited, and POST /api/curl builds "Copy as cURL" with secrets. Server data is only
// ever set as textContent.
'use strict';

(function () {
  const MASK = '****';
  const $ = (id) => document.getElementById(id);
  const form = $('settingsForm');
  const testButton = $('testButton');
  let running = false;
  let liveCalls = 0;

  // ---- key/value rows (request headers, auth params, auth headers, variables) ----

  function addRow(container, key, value) {
    const noun = container.dataset.kv;
    const secret = container.dataset.secret === 'true';
    const row = document.createElement('div');
    row.className = 'kv-row';
    const k = document.createElement('input');
    k.type = 'text';
    k.className = 'kv-key';
    k.autocomplete = 'off';
    k.spellcheck = false;
    k.placeholder = 'name';
    k.value = key || '';
    const v = document.createElement('input');
    v.type = secret ? 'password' : 'text';
    v.className = 'kv-value';
    v.autocomplete = secret ? 'new-password' : 'off';
    v.spellcheck = false;
    v.placeholder = 'value';
    v.value = value || '';
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'remove';
    remove.textContent = 'Remove';
    remove.addEventListener('click', () => removeRow(container, row));
    row.append(k, v, remove);
    container.append(row);
    renumber(container, noun);
    return row;
  }

  function removeRow(container, row) {
    const next = row.nextElementSibling || row.previousElementSibling;
    row.remove();
    renumber(container, container.dataset.kv);
    const addButton = document.querySelector('.add-row[data-for="' + container.id + '"]');
    (next ? next.querySelector('.kv-key') : addButton).focus();
    update();
  }

  // Screen readers hear "Header 2 name", not twenty fields called "name".
  function renumber(container, noun) {
    const label = noun.charAt(0).toUpperCase() + noun.slice(1);
    container.querySelectorAll('.kv-row').forEach((row, i) => {
      const n = label + ' ' + (i + 1);
      row.querySelector('.kv-key').setAttribute('aria-label', n + ' name');
      row.querySelector('.kv-value').setAttribute('aria-label', n + ' value');
      row.querySelector('.remove').setAttribute('aria-label', 'Remove ' + noun + ' ' + (i + 1));
    });
  }

  function clearRows(container) {
    container.replaceChildren();
  }

  /** The rows as [key, value] pairs; rows with neither are skipped. */
  function rows(id) {
    const pairs = [];
    $(id).querySelectorAll('.kv-row').forEach((row) => {
      const key = row.querySelector('.kv-key').value.trim();
      const value = row.querySelector('.kv-value').value;
      if (key !== '' || value !== '') {
        pairs.push([key, value]);
      }
    });
    return pairs;
  }

  function rowsObject(id, mask) {
    const pairs = rows(id);
    if (pairs.length === 0) {
      return undefined;
    }
    const o = {};
    pairs.forEach(([k, v]) => {
      o[k] = mask ? MASK : v;
    });
    return o;
  }

  document.querySelectorAll('.add-row').forEach((button) => {
    button.addEventListener('click', () => {
      addRow($(button.dataset.for)).querySelector('.kv-key').focus();
      update();
    });
  });

  // ---- which fields apply ----

  function showFor() {
    const method = $('method').value;
    const auth = $('authType').value;
    const authCode = $('grant').value === 'AUTHORIZATION_CODE';
    $('payloadField').hidden = method === 'GET';
    $('userPasswordGroup').hidden = auth !== 'BASIC' && auth !== 'DIGEST';
    $('paramsGroup').hidden = auth !== 'QUERY_STRING';
    $('authHeadersGroup').hidden = auth !== 'HEADERS';
    $('oauthGroup').hidden = auth !== 'OAUTH2';
    $('hmacGroup').hidden = auth !== 'HMAC';
    $('sessionGroup').hidden = auth !== 'SESSION';
    $('tokenGroup').hidden = auth !== 'OAUTH2' && auth !== 'SESSION';
    $('tokenPrefixField').hidden = $('tokenPlace').value !== 'HEADER';
    const clientAuth = $('clientAuth').value;
    $('clientKeyField').hidden = clientAuth !== 'PRIVATE_KEY_JWT';
    $('clientKeyIdField').hidden = clientAuth !== 'PRIVATE_KEY_JWT';
    $('clientAssertionAlgorithmField').hidden =
      clientAuth !== 'PRIVATE_KEY_JWT' && clientAuth !== 'CLIENT_SECRET_JWT';
    $('authorizationUrlField').hidden = !authCode;
    $('redirectUriField').hidden = !authCode;
    $('fetchTokensField').hidden = !authCode;
    // A key/value auth type with no row yet gets one, so there is something to type into.
    ['authParams', 'authHeaders'].forEach((id) => {
      if (!$(id).closest('[hidden]') && $(id).children.length === 0) {
        addRow($(id));
      }
    });
  }

  // ---- the config as the API takes it ----

  function text(id) {
    return $(id).value.trim();
  }

  function setIf(o, key, value) {
    if (value !== undefined && value !== '') {
      o[key] = value;
    }
  }

  function fieldError(id, message, errors) {
    const el = $(id);
    const out = $(id + 'Error');
    el.setAttribute('aria-invalid', message ? 'true' : 'false');
    if (out) {
      out.textContent = message || '';
      out.hidden = !message;
    }
    if (message) {
      errors.push({ id: id, message: message });
    }
  }

  function number(id, label, errors) {
    const el = $(id);
    if (el.validity.badInput) {
      errors.push({ id: id, message: label + ': must be a whole number of milliseconds' });
      return undefined;
    }
    return el.value === '' ? undefined : Number(el.value);
  }

  /**
   * The config object, and what stops it from being sent. With reveal false every secret is
   * MASK, for showing; with reveal true it is the real config, for sending and copying.
   */
  function buildConfig(reveal) {
    const errors = [];
    const secret = (v) => (v === '' ? undefined : reveal ? v : MASK);
    const c = {};
    setIf(c, 'name', text('name'));
    setIf(c, 'endpoint', text('endpoint'));
    const method = $('method').value;
    c.method = method;
    let payloadError = '';
    if (method !== 'GET' && text('payload') !== '') {
      try {
        c.payload = JSON.parse($('payload').value);
      } catch (e) {
        payloadError = 'Payload is not valid JSON: ' + e.message;
      }
    }
    fieldError('payload', payloadError, errors);
    setIf(c, 'headers', rowsObject('headerRows', false));

    const type = $('authType').value;
    const auth = { type: type };
    if (type === 'BASIC' || type === 'DIGEST') {
      setIf(auth, 'username', text('username'));
      setIf(auth, 'password', secret($('password').value));
    } else if (type === 'QUERY_STRING') {
      setIf(auth, 'params', rowsObject('authParams', !reveal));
    } else if (type === 'HEADERS') {
      setIf(auth, 'headers', rowsObject('authHeaders', !reveal));
    } else if (type === 'OAUTH2') {
      const grant = $('grant').value;
      auth.grant = grant;
      setIf(auth, 'clientId', text('clientId'));
      setIf(auth, 'clientSecret', secret($('clientSecret').value));
      if (grant === 'AUTHORIZATION_CODE') {
        setIf(auth, 'authorizationUrl', text('authorizationUrl'));
      }
      setIf(auth, 'tokenUrl', text('tokenUrl'));
      setIf(auth, 'scope', text('scope'));
      if (grant === 'AUTHORIZATION_CODE') {
        setIf(auth, 'redirectUri', text('redirectUri'));
      }
      const clientAuth = $('clientAuth').value;
      auth.clientAuth = clientAuth;
      if (clientAuth === 'PRIVATE_KEY_JWT') {
        setIf(auth, 'clientKey', secret(text('clientKey')));
        setIf(auth, 'clientKeyId', text('clientKeyId'));
      }
      if (clientAuth === 'PRIVATE_KEY_JWT' || clientAuth === 'CLIENT_SECRET_JWT') {
        setIf(auth, 'clientAssertionAlgorithm', text('clientAssertionAlgorithm'));
      }
      setIf(auth, 'tokenParams', rowsObject('tokenParams', false));
      setIf(auth, 'tokenHeaders', rowsObject('tokenHeaders', !reveal));
      if ($('tokenRequestFormat').value !== 'FORM') {
        auth.tokenRequestFormat = $('tokenRequestFormat').value;
      }
      setIf(auth, 'accessTokenPath', text('accessTokenPath'));
      setIf(auth, 'expiresInPath', text('expiresInPath'));
      setIf(auth, 'refreshTokenPath', text('refreshTokenPath'));
      setIf(auth, 'refreshToken', secret($('refreshToken').value));
    } else if (type === 'HMAC') {
      auth.signing = signing(secret);
    } else if (type === 'SESSION') {
      auth.login = login(reveal, errors);
    }
    if (type === 'OAUTH2' || type === 'SESSION') {
      tokenPlacement(auth);
      const statuses = text('tokenExpiredStatuses');
      let statusError = '';
      if (statuses !== '') {
        const parts = statuses.split(/[\s,]+/).filter((s) => s !== '');
        if (parts.every((s) => /^[1-5][0-9][0-9]$/.test(s))) {
          auth.tokenExpiredStatuses = parts.map(Number);
        } else {
          statusError = 'Token expired statuses: HTTP status codes separated by commas, such as 401, 403';
        }
      }
      fieldError('tokenExpiredStatuses', statusError, errors);
      setIf(auth, 'tokenExpiredPath', text('tokenExpiredPath'));
    }
    c.auth = auth;
    c.couponType = $('couponType').value;

    const mapping = {};
    setIf(mapping, 'code', text('mappingCode'));
    setIf(mapping, 'expiry', text('mappingExpiry'));
    setIf(mapping, 'expiryFormat', text('expiryFormat'));
    setIf(mapping, 'expiryZone', text('expiryZone'));
    setIf(mapping, 'error', text('mappingError'));
    if (Object.keys(mapping).length > 0) {
      c.mapping = mapping;
    }
    const timeouts = {};
    setIf(timeouts, 'connectMs', number('connectMs', 'Connect timeout', errors));
    setIf(timeouts, 'responseMs', number('responseMs', 'Response timeout', errors));
    if (Object.keys(timeouts).length > 0) {
      c.timeouts = timeouts;
    }
    const limits = limitsObject(errors);
    if (Object.keys(limits).length > 0) {
      c.limits = limits;
    }
    if ($('retryPost').checked) {
      c.retryPost = true;
    }
    const tls = {};
    if (text('trustedCertificates') !== '') {
      tls.trustedCertificates = $('trustedCertificates').value.trim() + '\n';
    }
    if (text('clientCertificate') !== '') {
      tls.clientCertificate = $('clientCertificate').value.trim() + '\n';
    }
    setIf(tls, 'clientKey', secret(text('tlsClientKey') === '' ? '' : text('tlsClientKey') + '\n'));
    setIf(tls, 'clientKeystore', secret(text('clientKeystore')));
    setIf(tls, 'clientKeystorePassword', secret($('clientKeystorePassword').value));
    if (Object.keys(tls).length > 0) {
      c.tls = tls;
    }
    return { config: c, errors: errors };
  }

  /** The filled-in limits; the server checks their ranges and names the field. */
  function limitsObject(errors) {
    const limits = {};
    [['maxConcurrent', 'limitMaxConcurrent', 'Requests at once'],
      ['maxQueued', 'limitMaxQueued', 'Waiting fetches'],
      ['requestsPerSecond', 'limitRequestsPerSecond', 'Requests per second']].forEach(([key, id, label]) => {
      if ($(id).validity.badInput) {
        errors.push({ id: id, message: label + ': must be a number' });
        $('limitsDetails').open = true;
      } else if ($(id).value !== '') {
        limits[key] = Number($(id).value);
      }
    });
    setIf(limits, 'whenRateLimited', $('whenRateLimited').value);
    return limits;
  }

  // "\n" and "\t" as typed stand for a line break and a tab, as in the docs' examples.
  function fromEscapes(value) {
    return value.replace(/\\([nt\\])/g, (m, ch) => (ch === 'n' ? '\n' : ch === 't' ? '\t' : '\\'));
  }

  function toEscapes(value) {
    return String(value).replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\t/g, '\\t');
  }

  function signing(secret) {
    const g = { algorithm: $('signingAlgorithm').value };
    setIf(g, 'secret', secret($('signingSecret').value));
    if ($('secretEncoding').value !== 'TEXT') {
      g.secretEncoding = $('secretEncoding').value;
    }
    setIf(g, 'keyId', text('keyId'));
    const parts = text('signingParts').split(/[\s,]+/).filter((p) => p !== '');
    if (parts.length > 0) {
      g.parts = parts.map((p) => p.toUpperCase());
    }
    if ($('signingSeparator').value !== '') {
      g.separator = fromEscapes($('signingSeparator').value);
    }
    g.timestampFormat = $('timestampFormat').value;
    g.encoding = $('signatureEncoding').value;
    setIf(g, 'signatureHeader', text('signatureHeader'));
    setIf(g, 'signaturePrefix', $('signaturePrefix').value);
    setIf(g, 'timestampHeader', text('timestampHeader'));
    setIf(g, 'nonceHeader', text('nonceHeader'));
    setIf(g, 'keyIdHeader', text('keyIdHeader'));
    return g;
  }

  function login(reveal, errors) {
    const l = {};
    setIf(l, 'url', text('loginUrl'));
    l.method = $('loginMethod').value;
    let payloadError = '';
    if (text('loginPayload') !== '') {
      try {
        const payload = JSON.parse($('loginPayload').value);
        if (!reveal && payload && typeof payload === 'object') {
          Object.keys(payload).forEach((k) => {
            if (typeof payload[k] === 'string') {
              payload[k] = MASK;
            }
          });
        }
        l.payload = payload;
      } catch (e) {
        payloadError = 'Login payload is not valid JSON: ' + e.message;
      }
    }
    fieldError('loginPayload', payloadError, errors);
    setIf(l, 'headers', rowsObject('loginHeaders', !reveal));
    l.tokenFrom = $('loginTokenFrom').value;
    setIf(l, 'tokenName', text('loginTokenName'));
    return l;
  }

  /** Only what differs from the default Authorization: Bearer is written. */
  function tokenPlacement(auth) {
    const place = $('tokenPlace').value;
    const name = text('tokenName');
    if (place === 'QUERY') {
      setIf(auth, 'tokenQueryParam', name);
    } else if (place === 'COOKIE') {
      setIf(auth, 'tokenCookie', name);
    } else {
      setIf(auth, 'tokenHeader', name);
      if ($('tokenPrefix').value !== '' || (name !== '' && name.toLowerCase() !== 'authorization')) {
        setIf(auth, 'tokenPrefix', $('tokenPrefix').value);
      }
    }
  }

  function variables() {
    const v = {};
    rows('variableRows').forEach(([k, value]) => {
      v[k] = value;
    });
    return v;
  }

  function update() {
    showFor();
    const built = buildConfig($('showSecrets').checked);
    $('configJson').textContent = JSON.stringify(built.config, null, 2);
    if (built.errors.length === 0) {
      $('formStatus').textContent = '';
    }
  }

  // ---- Test Configuration ----

  function list(id, items, render) {
    const ul = $(id);
    ul.replaceChildren();
    (items || []).forEach((item) => {
      const li = document.createElement('li');
      render(li, item);
      ul.append(li);
    });
  }

  function headerLines(headers) {
    return Object.keys(headers || {}).map((name) => name + ': ' + headers[name]);
  }

  function requestText(r) {
    const lines = [r.method + ' ' + r.uri].concat(headerLines(r.headers));
    return lines.join('\n') + (r.body ? '\n\n' + r.body : '');
  }

  function responseText(r) {
    const lines = ['HTTP ' + r.status].concat(headerLines(r.headers));
    let s = lines.join('\n') + '\n\n' + (r.body || '');
    if (r.truncated) {
      s += '\n… (body cut at 64 KiB)';
    }
    return s;
  }

  /** Status and headers; the body is shown by the viewer below it. */
  function responseHead(r) {
    return ['HTTP ' + r.status].concat(headerLines(r.headers)).join('\n');
  }

  function resetResult(message) {
    const result = $('result');
    result.classList.remove('works', 'failed');
    ['headline', 'meta', 'explanation', 'hint', 'tokenNote', 'endpointNote', 'sentRequest',
      'receivedResponse',
      'tokenRequest', 'tokenResponse'].forEach((id) => {
      $(id).textContent = '';
    });
    ['problems', 'coupons', 'warnings'].forEach((id) => $(id).replaceChildren());
    ['couponsBlock', 'warningsBlock', 'tokenNote', 'endpointNote', 'tokenExchangeBlock',
      'exchangeBlock',
      'remapNote', 'timingsBlock', 'curlTools'].forEach((id) => {
        $(id).hidden = true;
      });
    $('resultEmpty').textContent = message;
    $('resultEmpty').hidden = !message;
  }

  /** The report's verdict and coupons; a re-mapped report changes only these. */
  function showSummary(r) {
    const result = $('result');
    result.classList.remove('works', 'failed');
    result.classList.add(r.works ? 'works' : 'failed');
    $('resultEmpty').hidden = true;
    $('remapNote').textContent = r.remappedFrom
      ? 'Re-mapped from the response received at ' + r.remappedFrom
        + ', without calling the endpoint again.'
      : '';
    $('remapNote').hidden = !r.remappedFrom;
    $('headline').textContent = r.headline;
    const meta = [];
    if (r.status !== undefined) {
      meta.push('HTTP ' + r.status);
    }
    if (r.elapsedMs !== undefined) {
      meta.push(r.elapsedMs + ' ms');
    }
    if (r.reason) {
      meta.push(r.reason + (r.retryable ? ' (a retry may help)' : ''));
    }
    $('meta').textContent = meta.join(' · ');
    $('explanation').textContent = r.explanation || '';
    $('hint').textContent = r.hint || '';
    list('problems', r.problems, (li, p) => {
      li.textContent = p;
    });
    list('coupons', r.coupons, (li, c) => {
      const code = document.createElement('code');
      code.textContent = c.code;
      li.append(code, c.expiresAt ? ' – expires ' + c.expiresAt : ' – no expiry');
    });
    $('couponsBlock').hidden = !(r.coupons && r.coupons.length);
    list('warnings', r.warnings, (li, w) => {
      li.textContent = w;
    });
    $('warningsBlock').hidden = !(r.warnings && r.warnings.length);
  }

  function showReport(r) {
    resetResult('');
    showSummary(r);
    const login = $('authType').value === 'SESSION';
    $('tokenRequestTitle').textContent = login ? 'Login request' : 'Token request';
    $('tokenResponseTitle').textContent = login ? 'Login response' : 'Token response';
    $('tokenNote').textContent = r.tokenNote ? 'Authentication: ' + r.tokenNote : '';
    $('tokenNote').hidden = !r.tokenNote;
    const endpoint = r.endpoint && typeof r.endpoint === 'object' ? r.endpoint : null;
    $('endpointNote').textContent = endpoint && endpoint.summary ? 'Endpoint: ' + endpoint.summary : '';
    $('endpointNote').hidden = !(endpoint && endpoint.summary);
    $('endpointNote').classList.toggle('restricted', Boolean(endpoint
      && ((endpoint.circuit && endpoint.circuit !== 'CLOSED') || endpoint.rateLimitedUntil)));
    if (r.tokenRequest || r.tokenResponse) {
      $('tokenRequest').textContent = r.tokenRequest ? requestText(r.tokenRequest) : '(none)';
      $('tokenResponse').textContent = r.tokenResponse ? responseText(r.tokenResponse) : '(no response)';
      $('tokenExchangeBlock').hidden = false;
    }
    if (r.request || r.response) {
      $('sentRequest').textContent = r.request ? requestText(r.request) : '(not sent)';
      $('receivedResponse').textContent = r.response ? responseHead(r.response) : '(no response)';
      $('exchangeBlock').hidden = false;
    }
    showBody(r.response);
    showTimings(r.timings);
    lastCurl = typeof r.curl === 'string' ? r.curl : null;
    $('curlTools').hidden = !lastCurl;
    $('curlStatus').textContent = '';
    showPreviews(r);
  }

  /** An answer that is not a report: the page and the server disagree, or the server is gone. */
  function showServerError(status, body) {
    resetResult('');
    $('result').classList.add('failed');
    const why = body && typeof body.error === 'string' ? body.error : 'no usable answer';
    $('headline').textContent = status
      ? 'Configuration Failed: the settings server answered HTTP ' + status + ' (' + why + ')'
      : 'Configuration Failed: the settings server did not answer; is coupon-fetch serve still running?';
  }

  function stopOnErrors(errors) {
    if (errors.length === 0) {
      return false;
    }
    $('formStatus').textContent = 'Not sent: ' + errors.map((e) => e.message).join('; ');
    $(errors[0].id).focus();
    return true;
  }

  // A POST of JSON to the API, from this page only; the answer's body as JSON, or null.
  async function postJson(path, payload) {
    const response = await fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(payload),
      cache: 'no-store',
      credentials: 'same-origin',
    });
    let body = null;
    try {
      body = JSON.parse(await response.text());
    } catch (e) {
      body = null;
    }
    return { response, body };
  }

  async function runTest() {
    if (running) {
      return;
    }
    const built = buildConfig(true);
    if (stopOnErrors(built.errors)) {
      return;
    }
    running = true;
    testButton.disabled = true;
    testButton.textContent = 'Testing…';
    $('result').setAttribute('aria-busy', 'true');
    resetResult('Testing…');
    clearTimeout(remapTimer);
    remapSeq++;
    lastTest = null;
    showBody(null);
    showPreviews(null);
    liveCalls++;
    $('liveCalls').textContent = 'Live calls to your endpoint since this page was opened: ' + liveCalls;
    try {
      const { response, body } = await postJson('/api/test', {
        config: built.config,
        variables: variables(),
      });
      if (body && typeof body.headline === 'string') {
        lastTest = body.response ? body : null;
        showReport(body);
      } else {
        showServerError(response.status, body);
      }
    } catch (e) {
      showServerError(0, null);
    } finally {
      running = false;
      testButton.disabled = false;
      testButton.textContent = 'Test Configuration';
      $('result').removeAttribute('aria-busy');
      if (document.activeElement === document.body) {
        testButton.focus();
      }
    }
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    runTest();
  });

  // ---- the response as a tree (response-tree.js): choose a value to map it ----

  const showBody = window.CouponFetchTree.showBody;
  window.CouponFetchTree.onChoose(() => {
    update();
    scheduleRemap();
  });

  // ---- live previews: re-map the last response, never calling the endpoint ----

  let lastTest = null; // the last /api/test answer that carried a response, as received
  let remapTimer = null;
  let remapSeq = 0;

  function setPreview(id, text, bad) {
    $(id).textContent = text;
    $(id).classList.toggle('bad', Boolean(bad));
  }

  function zoneText(instant, zone) {
    try {
      const f = new Intl.DateTimeFormat('en-GB', { timeZone: zone, year: 'numeric', month: '2-digit',
        day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'short' });
      return f.format(new Date(instant)) + ' in ' + zone;
    } catch (e) {
      return null;
    }
  }

  function expiryText(coupons) {
    const zone = text('expiryZone') || Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
    const dated = coupons.filter((c) => c.expiresAt);
    if (dated.length === 0) {
      return 'No expiry: the coupons do not expire.';
    }
    const first = dated[0].expiresAt;
    const local = zone === 'UTC' ? null : zoneText(first, zone);
    let s = 'Expires ' + first + ' (UTC)' + (local ? ', ' + local : '');
    if (dated.length > 1) {
      s += '; ' + dated.length + ' expiry dates in all';
    }
    return s + '.';
  }

  /** Says under each mapping field what it selects in the last response, or why nothing. */
  function showPreviews(r) {
    const ids = ['mappingCodePreview', 'mappingExpiryPreview', 'mappingErrorPreview'];
    ids.forEach((id) => setPreview(id, '', false));
    if (!r || !lastTest) {
      return;
    }
    const coupons = r.coupons || [];
    if (r.works) {
      const codes = coupons.map((c) => c.code);
      const shown = codes.slice(0, 5).join(', ') + (codes.length > 5 ? ', …' : '');
      setPreview('mappingCodePreview', 'Selects ' + (codes.length === 1 ? 'the code ' : codes.length
        + ' codes: ') + shown, false);
      setPreview('mappingExpiryPreview', text('mappingExpiry') ? expiryText(coupons)
        : 'No expiry path: the coupons do not expire.', false);
      setPreview('mappingErrorPreview', text('mappingError')
        ? 'No error message there in the last response: it reads as a success.' : '', false);
      return;
    }
    const why = r.message || r.headline || '';
    const problems = r.problems || [];
    if (r.reason === 'INVALID_CONFIG') {
      const of = (prefix) => problems.filter((p) => p.startsWith(prefix)).join('; ');
      setPreview('mappingCodePreview', of('mapping.code'), true);
      setPreview('mappingExpiryPreview', of('mapping.expiry'), true);
      setPreview('mappingErrorPreview', of('mapping.error'), true);
    } else if (r.reason === 'EXPIRY_UNPARSEABLE' || (/mapping\.expiry/.test(why)
        && ['MAPPING_NOT_FOUND', 'INVALID_CODE'].includes(r.reason))) {
      setPreview('mappingExpiryPreview', 'Nothing usable: ' + why, true);
    } else if (r.reason === 'ENDPOINT_ERROR') {
      setPreview('mappingErrorPreview', 'Selects the error message: ' + why, true);
    } else if (['MAPPING_NOT_FOUND', 'INVALID_CODE', 'NOT_JSON', 'NO_COUPONS', 'TOO_MANY_COUPONS']
      .includes(r.reason)) {
      setPreview('mappingCodePreview', 'Nothing usable: ' + why, true);
    }
  }

  function scheduleRemap() {
    if (!lastTest) {
      return;
    }
    clearTimeout(remapTimer);
    remapTimer = setTimeout(remap, 300);
  }

  async function remap() {
    remapTimer = null;
    if (!lastTest || running) {
      return;
    }
    const built = buildConfig(true);
    if (built.errors.length > 0) {
      return;
    }
    const seq = ++remapSeq;
    try {
      const { response, body } = await postJson('/api/map', {
        config: built.config,
        previous: lastTest,
        variables: variables(),
      });
      if (seq !== remapSeq || !lastTest) {
        return; // a newer edit or a new live test answered first
      }
      if (body && typeof body.headline === 'string') {
        showSummary(body);
        showPreviews(body);
      } else {
        const why = body && typeof body.error === 'string' ? body.error : 'HTTP ' + response.status;
        setPreview('mappingCodePreview', 'No live preview: the settings server did not re-map ('
          + why + ').', true);
      }
    } catch (e) {
      if (seq === remapSeq) {
        setPreview('mappingCodePreview', 'No live preview: the settings server did not answer.', true);
      }
    }
  }

  ['mappingCode', 'mappingExpiry', 'expiryFormat', 'expiryZone', 'mappingError', 'couponType']
    .forEach((id) => {
      $(id).addEventListener('input', scheduleRemap);
      $(id).addEventListener('change', scheduleRemap);
    });

  // ---- where the time went ----

  const PHASES = [['dnsMs', 'DNS'], ['connectMs', 'connect'], ['tlsMs', 'TLS'],
    ['firstByteMs', 'first byte'], ['bodyMs', 'body']];
  const SVG = 'http://www.w3.org/2000/svg';

  function ms(v) {
    return typeof v === 'number' && isFinite(v) && v >= 0 ? v : null;
  }

  /** A bar of rects (SVG attributes, not inline style: the CSP forbids style attributes). */
  function bar(parts, scale) {
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('class', 'bar');
    svg.setAttribute('viewBox', '0 0 1000 14');
    svg.setAttribute('preserveAspectRatio', 'none');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    let x = 0;
    parts.forEach(([cls, value]) => {
      const w = scale > 0 ? (value / scale) * 1000 : 0;
      const rect = document.createElementNS(SVG, 'rect');
      rect.setAttribute('class', 'phase-' + cls);
      rect.setAttribute('x', x.toFixed(1));
      rect.setAttribute('y', '0');
      rect.setAttribute('width', Math.max(w, value > 0 ? 2 : 0).toFixed(1));
      rect.setAttribute('height', '14');
      svg.append(rect);
      x += w;
    });
    return svg;
  }

  function showTimings(t) {
    const ul = $('timings');
    ul.replaceChildren();
    const requests = t && Array.isArray(t.requests) ? t.requests : [];
    const mapping = t ? ms(t.mappingMs) : null;
    const totals = requests.map((r) => PHASES.reduce((sum, [key]) => sum + (ms(r[key]) || 0), 0));
    const scale = Math.max(mapping || 0, ...totals, 0);
    requests.forEach((r) => {
      const li = document.createElement('li');
      const title = document.createElement('span');
      title.className = 'timing-title';
      title.textContent = [r.step, r.method, r.uri].filter((x) => typeof x === 'string').join(' ')
        + (r.reused ? ' (connection reused)' : '');
      const parts = PHASES.filter(([key]) => ms(r[key]) !== null)
        .map(([key, name]) => [key.replace('Ms', ''), ms(r[key]), name]);
      const numbers = document.createElement('span');
      numbers.className = 'timing-ms';
      numbers.textContent = parts.map(([, v, name]) => name + ' ' + v.toFixed(1) + ' ms').join(', ');
      li.append(title, bar(parts, scale), numbers);
      ul.append(li);
    });
    if (mapping !== null) {
      const li = document.createElement('li');
      const title = document.createElement('span');
      title.className = 'timing-title';
      title.textContent = 'mapping';
      const numbers = document.createElement('span');
      numbers.className = 'timing-ms';
      numbers.textContent = mapping.toFixed(1) + ' ms';
      li.append(title, bar([['mapping', mapping]], scale), numbers);
      ul.append(li);
    }
    $('timingsBlock').hidden = ul.children.length === 0;
  }

  // ---- Copy as cURL ----

  let lastCurl = null;

  $('copyCurl').addEventListener('click', async () => {
    const status = $('curlStatus');
    let command = lastCurl;
    if ($('curlSecrets').checked) {
      const built = buildConfig(true);
      if (stopOnErrors(built.errors)) {
        return;
      }
      try {
        const { response, body } = await postJson('/api/curl', {
          config: built.config,
          variables: variables(),
          secrets: true,
        });
        command = response.ok && body && typeof body.curl === 'string' ? body.curl : null;
      } catch (e) {
        command = null;
      }
      if (command === null) {
        status.textContent = 'Could not build the command with secrets.';
        return;
      }
    }
    if (!command) {
      status.textContent = 'No request to copy yet.';
      return;
    }
    const ok = await copyText(command, $('copyCurl'));
    status.textContent = ok
      ? ($('curlSecrets').checked ? 'Copied, with the secrets.' : 'Copied, secrets masked.')
      : 'Could not copy.';
  });

  // ---- Fetch tokens (OAuth2 authorization code) ----

  let starting = false;

  /** The URL as the browser reads it when it is an http(s) one; else null (never a script URL). */
  function webUrl(text) {
    try {
      const url = new URL(text);
      return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  function fetchTokensStatus(text, link) {
    const out = $('fetchTokensStatus');
    out.textContent = text;
    if (link) {
      const a = document.createElement('a');
      a.href = link;
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
      a.textContent = 'Open the sign-in page';
      out.append(' ', a);
    }
    out.hidden = !text;
  }

  $('fetchTokensButton').addEventListener('click', async () => {
    if (starting) {
      return;
    }
    const built = buildConfig(true);
    if (stopOnErrors(built.errors)) {
      return;
    }
    $('formStatus').textContent = '';
    // The tab is opened here, in the click, where browsers allow it, and sent to the provider once
    // the server has started the authorization. A new tab keeps this form as it is; cutting its
    // opener keeps the provider's pages away from this one.
    const tab = window.open('', '_blank');
    if (tab) {
      tab.opener = null;
      tab.document.title = 'coupon-fetch: opening the sign-in page';
      if (tab.document.body) {
        tab.document.body.textContent = 'Opening your provider\'s sign-in page…';
      }
    }
    starting = true;
    const button = $('fetchTokensButton');
    button.disabled = true;
    fetchTokensStatus('Starting the authorization…');
    try {
      const { response, body } = await postJson('/api/oauth/start', { config: built.config });
      const url = response.ok && body && typeof body.authorizationUrl === 'string'
        ? webUrl(body.authorizationUrl) : null;
      if (url && tab) {
        tab.location.replace(url);
        fetchTokensStatus('Sign in in the new tab; when it says "Tokens stored", come back and press Test Configuration.');
      } else if (url) {
        fetchTokensStatus('The browser did not open a new tab:', url);
      } else {
        if (tab) {
          tab.close();
        }
        if (body && typeof body.headline === 'string') {
          showReport(body);
        } else {
          showServerError(response.status, body);
        }
        fetchTokensStatus('Not started: see why under the form.');
      }
    } catch (e) {
      if (tab) {
        tab.close();
      }
      showServerError(0, null);
      fetchTokensStatus('Not started: the settings server did not answer.');
    } finally {
      starting = false;
      button.disabled = false;
    }
  });

  // ---- the JSON: show, copy, load ----

  $('showSecrets').addEventListener('change', update);

  async function copyText(value, button) {
    if (navigator.clipboard && window.isSecureContext) {
      try {
        await navigator.clipboard.writeText(value);
        return true;
      } catch (e) {
        // Denied (no user permission, headless browser): fall back below.
      }
    }
    const area = document.createElement('textarea');
    area.value = value;
    area.setAttribute('readonly', '');
    area.className = 'offscreen';
    document.body.append(area);
    area.select();
    let ok = false;
    try {
      ok = document.execCommand('copy');
    } catch (e) {
      ok = false;
    }
    area.remove();
    button.focus();
    return ok;
  }

  $('copyConfig').addEventListener('click', async () => {
    const built = buildConfig(true);
    const ok = await copyText(JSON.stringify(built.config, null, 2), $('copyConfig'));
    $('copyStatus').textContent = ok
      ? 'Copied, with the secrets.'
      : 'Could not copy: tick Show secrets and select the text.';
  });

  function setValue(id, value) {
    $(id).value = value === undefined || value === null ? '' : String(value);
  }

  function setSelect(id, value, fallback) {
    const wanted = value === undefined || value === null ? fallback : String(value).toUpperCase();
    const known = Array.from($(id).options).some((o) => o.value === wanted);
    $(id).value = known ? wanted : fallback;
    return known;
  }

  function fillRows(id, object) {
    clearRows($(id));
    if (object && typeof object === 'object') {
      Object.keys(object).forEach((k) => addRow($(id), k, String(object[k])));
    }
  }

  /** Fills the form from a config object; answers what it could not take. */
  function fill(c) {
    const notes = [];
    const known = ['name', 'endpoint', 'method', 'payload', 'headers', 'auth', 'couponType',
      'mapping', 'timeouts', 'limits', 'retryPost', 'tls'];
    Object.keys(c).filter((k) => !known.includes(k)).forEach((k) => notes.push(k + ' (unknown field)'));
    const a = c.auth && typeof c.auth === 'object' ? c.auth : {};
    const m = c.mapping && typeof c.mapping === 'object' ? c.mapping : {};
    const t = c.timeouts && typeof c.timeouts === 'object' ? c.timeouts : {};
    setValue('name', c.name);
    setValue('endpoint', c.endpoint);
    if (!setSelect('method', c.method, 'GET')) {
      notes.push('method ' + c.method);
    }
    setValue('payload', c.payload === undefined ? '' : JSON.stringify(c.payload, null, 2));
    fillRows('headerRows', c.headers);
    if (!setSelect('couponType', c.couponType, 'SINGLE')) {
      notes.push('couponType ' + c.couponType);
    }
    if (!setSelect('authType', a.type, 'NONE')) {
      notes.push('auth.type ' + a.type);
    }
    setValue('username', a.username);
    setValue('password', a.password);
    fillRows('authParams', a.params);
    fillRows('authHeaders', a.headers);
    setSelect('grant', a.grant, 'AUTHORIZATION_CODE');
    ['clientId', 'clientSecret', 'authorizationUrl', 'tokenUrl', 'scope', 'redirectUri',
      'refreshToken', 'tokenExpiredPath'].forEach((k) => setValue(k, a[k]));
    setSelect('clientAuth', a.clientAuth, 'CLIENT_SECRET_BASIC');
    ['clientKey', 'clientKeyId', 'clientAssertionAlgorithm', 'accessTokenPath', 'expiresInPath',
      'refreshTokenPath'].forEach((k) => setValue(k, a[k]));
    fillRows('tokenParams', a.tokenParams);
    fillRows('tokenHeaders', a.tokenHeaders);
    setSelect('tokenRequestFormat', a.tokenRequestFormat, 'FORM');
    if (a.tokenQueryParam !== undefined) {
      setSelect('tokenPlace', 'QUERY', 'HEADER');
      setValue('tokenName', a.tokenQueryParam);
    } else if (a.tokenCookie !== undefined) {
      setSelect('tokenPlace', 'COOKIE', 'HEADER');
      setValue('tokenName', a.tokenCookie);
    } else {
      setSelect('tokenPlace', 'HEADER', 'HEADER');
      setValue('tokenName', a.tokenHeader);
    }
    setValue('tokenPrefix', a.tokenPrefix);
    const g = a.signing && typeof a.signing === 'object' ? a.signing : {};
    setSelect('signingAlgorithm', g.algorithm, 'HMAC_SHA256');
    setValue('signingSecret', g.secret);
    setSelect('secretEncoding', g.secretEncoding, 'TEXT');
    setValue('keyId', g.keyId);
    setValue('signingParts', Array.isArray(g.parts) ? g.parts.join(', ') : g.parts);
    setValue('signingSeparator', g.separator === undefined ? '' : toEscapes(g.separator));
    setSelect('timestampFormat', g.timestampFormat, 'EPOCH_SECONDS');
    setSelect('signatureEncoding', g.encoding, 'HEX');
    ['signatureHeader', 'signaturePrefix', 'timestampHeader', 'nonceHeader', 'keyIdHeader']
      .forEach((k) => setValue(k, g[k]));
    const l = a.login && typeof a.login === 'object' ? a.login : {};
    setValue('loginUrl', l.url);
    setSelect('loginMethod', l.method, 'POST_JSON');
    setValue('loginPayload', l.payload === undefined ? '' : JSON.stringify(l.payload, null, 2));
    fillRows('loginHeaders', l.headers);
    setSelect('loginTokenFrom', l.tokenFrom, 'BODY');
    setValue('loginTokenName', l.tokenName);
    setValue('tokenExpiredStatuses',
      Array.isArray(a.tokenExpiredStatuses) ? a.tokenExpiredStatuses.join(', ') : a.tokenExpiredStatuses);
    // A mapper registered on a fetcher cannot be chosen here: say so rather than drop it quietly.
    if (m.mapper !== undefined && m.mapper !== null && m.mapper !== 'standard') {
      notes.push('mapping.mapper ' + m.mapper);
    }
    setValue('mappingCode', m.code);
    setValue('mappingExpiry', m.expiry);
    setValue('expiryFormat', m.expiryFormat);
    setValue('expiryZone', m.expiryZone);
    setValue('mappingError', m.error);
    setValue('connectMs', t.connectMs);
    setValue('responseMs', t.responseMs);
    const lim = c.limits && typeof c.limits === 'object' ? c.limits : {};
    setValue('limitMaxConcurrent', lim.maxConcurrent);
    setValue('limitMaxQueued', lim.maxQueued);
    setValue('limitRequestsPerSecond', lim.requestsPerSecond);
    if (!setSelect('whenRateLimited', lim.whenRateLimited, '') && lim.whenRateLimited !== undefined) {
      notes.push('limits.whenRateLimited ' + lim.whenRateLimited);
    }
    $('limitsDetails').open = ['maxConcurrent', 'maxQueued', 'requestsPerSecond', 'whenRateLimited']
      .some((k) => lim[k] !== undefined && lim[k] !== null);
    $('retryPost').checked = c.retryPost === true;
    const tls = c.tls && typeof c.tls === 'object' ? c.tls : {};
    setValue('trustedCertificates', tls.trustedCertificates);
    setValue('clientCertificate', tls.clientCertificate);
    setValue('tlsClientKey', tls.clientKey);
    setValue('clientKeystore', tls.clientKeystore);
    setValue('clientKeystorePassword', tls.clientKeystorePassword);
    update();
    return notes;
  }

  $('loadJsonButton').addEventListener('click', () => {
    const out = $('loadJsonError');
    let config;
    try {
      config = JSON.parse($('loadJson').value);
    } catch (e) {
      out.textContent = 'Not valid JSON: ' + e.message;
      out.hidden = false;
      $('loadJson').setAttribute('aria-invalid', 'true');
      return;
    }
    if (!config || typeof config !== 'object' || Array.isArray(config)) {
      out.textContent = 'A configuration is a JSON object: { "endpoint": … }';
      out.hidden = false;
      $('loadJson').setAttribute('aria-invalid', 'true');
      return;
    }
    $('loadJson').setAttribute('aria-invalid', 'false');
    const notes = fill(config);
    out.textContent = notes.length ? 'Filled in; not taken: ' + notes.join(', ') : '';
    out.hidden = notes.length === 0;
    $('name').focus();
  });

  // ---- start ----

  const callback = window.location.origin + '/api/oauth/callback';
  $('callbackUri').textContent = callback;
  $('redirectUri').placeholder = callback;
  form.addEventListener('input', update);
  form.addEventListener('change', update);
  update();
})();
