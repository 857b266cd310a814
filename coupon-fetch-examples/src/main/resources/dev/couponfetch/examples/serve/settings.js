// The settings page of `coupon-fetch serve`: builds the config JSON from the form, shows it
// (secrets masked), and calls POST /api/test (Test Configuration) and POST /api/oauth/start
// (Fetch tokens). Server data is only ever set as textContent.
'use strict';

(function () {
  const MASK = '****';
  const $ = (id) => document.getElementById(id);
  const form = $('settingsForm');
  const testButton = $('testButton');
  let running = false;

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

  function resetResult(message) {
    const result = $('result');
    result.classList.remove('works', 'failed');
    ['headline', 'meta', 'explanation', 'hint', 'tokenNote', 'sentRequest', 'receivedResponse',
      'tokenRequest', 'tokenResponse'].forEach((id) => {
      $(id).textContent = '';
    });
    ['problems', 'coupons', 'warnings'].forEach((id) => $(id).replaceChildren());
    ['couponsBlock', 'warningsBlock', 'tokenNote', 'tokenExchangeBlock', 'exchangeBlock']
      .forEach((id) => {
        $(id).hidden = true;
      });
    $('resultEmpty').textContent = message;
    $('resultEmpty').hidden = !message;
  }

  function showReport(r) {
    resetResult('');
    $('result').classList.add(r.works ? 'works' : 'failed');
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
    const login = $('authType').value === 'SESSION';
    $('tokenRequestTitle').textContent = login ? 'Login request' : 'Token request';
    $('tokenResponseTitle').textContent = login ? 'Login response' : 'Token response';
    $('tokenNote').textContent = r.tokenNote ? 'Authentication: ' + r.tokenNote : '';
    $('tokenNote').hidden = !r.tokenNote;
    if (r.tokenRequest || r.tokenResponse) {
      $('tokenRequest').textContent = r.tokenRequest ? requestText(r.tokenRequest) : '(none)';
      $('tokenResponse').textContent = r.tokenResponse ? responseText(r.tokenResponse) : '(no response)';
      $('tokenExchangeBlock').hidden = false;
    }
    if (r.request || r.response) {
      $('sentRequest').textContent = r.request ? requestText(r.request) : '(not sent)';
      $('receivedResponse').textContent = r.response ? responseText(r.response) : '(no response)';
      $('exchangeBlock').hidden = false;
    }
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
    try {
      const { response, body } = await postJson('/api/test', {
        config: built.config,
        variables: variables(),
      });
      if (body && typeof body.headline === 'string') {
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

  async function copyText(value) {
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
    $('copyConfig').focus();
    return ok;
  }

  $('copyConfig').addEventListener('click', async () => {
    const built = buildConfig(true);
    const ok = await copyText(JSON.stringify(built.config, null, 2));
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
      'mapping', 'timeouts', 'retryPost', 'tls'];
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
