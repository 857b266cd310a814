// The settings page's response viewer: a JSON body as a tree (text bodies as text), keyboard
// usable, where choosing a value offers its path for the coupon code, the expiry or the error
// message (the wildcard form for arrays of similar objects, which switches to BULK). Server data
// is only ever set as textContent. Loaded before settings.js, which calls showBody and learns of
// each choice through onChoose.
'use strict';

window.CouponFetchTree = (function () {
  const $ = (id) => document.getElementById(id);
  let chosen = () => {};

  const TREE_ARRAY_LIMIT = 100;

  /** One dotted-path segment: keys escaped (\. \[ \* \\), array indexes as numbers. */
  function segmentText(seg) {
    if (typeof seg === 'number') {
      return String(seg);
    }
    return seg === '*' ? '\\*' : seg.replace(/[\\.[]/g, (c) => '\\' + c);
  }

  /**
   * The settings screen's dotted path (result.0.data.coupon); JsonPath when a key is empty. The
   * first segment `result` names the whole response; a response's own top-level "result" key is
   * written once (result.0.code, not result.result.0.code) where the path language reads it so:
   * when the next segment is * or no top-level key.
   */
  function pathText(segs) {
    if (segs.length >= 2 && segs[0] === 'result' && kind(lastBody) === 'object' && !segs.includes('')
      && (segs[1] === WILDCARD || !Object.prototype.hasOwnProperty.call(lastBody, String(segs[1])))) {
      return ['result'].concat(segs.slice(1).map((s) => (s === WILDCARD ? '*' : segmentText(s))))
        .join('.');
    }
    if (segs.some((s) => s === '')) {
      return '$' + segs.map((s) => (typeof s === 'number' ? '[' + s + ']'
        : s === WILDCARD ? '[*]' : "['" + s.replace(/[\\']/g, (c) => '\\' + c) + "']")).join('');
    }
    return ['result'].concat(segs.map((s) => (s === WILDCARD ? '*' : segmentText(s)))).join('.');
  }

  const WILDCARD = { wildcard: true };

  function kind(v) {
    return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
  }

  /**
   * The path with its innermost array index made *, when that array's elements are all of one
   * kind (an array of similar objects); else null.
   */
  function wildcardPath(root, segs) {
    let node = root;
    let at = -1;
    const containers = [];
    segs.forEach((s) => {
      containers.push(node);
      node = node === null || node === undefined ? undefined : node[s];
    });
    segs.forEach((s, i) => {
      if (typeof s === 'number') {
        const items = containers[i];
        const first = kind(items[0]);
        if (items.every((x) => kind(x) === first)) {
          at = i;
        }
      }
    });
    if (at < 0) {
      return null;
    }
    const copy = segs.slice();
    copy[at] = WILDCARD;
    return copy;
  }

  let lastBody = null;

  function valueText(v) {
    return typeof v === 'string' ? JSON.stringify(v) : String(v);
  }

  function treeItem(key, value, segs, level) {
    const li = document.createElement('li');
    li.setAttribute('role', 'treeitem');
    li.setAttribute('aria-level', String(level));
    li.tabIndex = -1;
    li.dataset.path = JSON.stringify(segs);
    const label = document.createElement('span');
    label.className = 'tree-label';
    if (key !== null) {
      const k = document.createElement('span');
      k.className = 'tree-key';
      k.textContent = key + ': ';
      label.append(k);
    }
    const k = kind(value);
    if (k === 'object' || k === 'array') {
      const keys = k === 'array' ? value.map((x, i) => i) : Object.keys(value);
      const summary = k === 'array' ? '[' + keys.length + (keys.length === 1 ? ' item]' : ' items]')
        : '{' + keys.length + (keys.length === 1 ? ' key}' : ' keys}');
      const s = document.createElement('span');
      s.className = 'tree-summary';
      s.textContent = summary;
      label.append(s);
      li.setAttribute('aria-label', (key === null ? 'response' : key) + ', ' + summary.slice(1, -1));
      li.append(label);
      if (keys.length > 0) {
        li.setAttribute('aria-expanded', level <= 5 ? 'true' : 'false');
        const group = document.createElement('ul');
        group.setAttribute('role', 'group');
        keys.slice(0, TREE_ARRAY_LIMIT).forEach((c) => {
          group.append(treeItem(String(c), value[c], segs.concat([c]), level + 1));
        });
        li.append(group);
        if (keys.length > TREE_ARRAY_LIMIT) {
          const more = document.createElement('p');
          more.className = 'small';
          more.textContent = '… ' + (keys.length - TREE_ARRAY_LIMIT) + ' more not shown';
          li.append(more);
        }
      }
    } else {
      li.classList.add('tree-leaf');
      const v = document.createElement('span');
      v.className = 'tree-value tree-' + k;
      v.textContent = valueText(value);
      label.append(v);
      li.append(label);
    }
    return li;
  }

  function showBody(response) {
    closeMenu(false);
    const tree = $('responseTree');
    tree.replaceChildren();
    lastBody = null;
    let parsed;
    let json = false;
    if (response && !response.truncated && typeof response.body === 'string') {
      try {
        parsed = JSON.parse(response.body);
        json = true;
      } catch (e) {
        json = false;
      }
    }
    $('mapStatus').textContent = '';
    if (json) {
      lastBody = parsed;
      const root = treeItem(null, parsed, [], 1);
      root.tabIndex = 0;
      tree.append(root);
    }
    $('responseTree').hidden = !json;
    $('responseText').textContent = json || !response ? '' : (response.body || '')
      + (response.truncated ? '\n… (body cut at 64 KiB)' : '');
    $('responseText').hidden = json || !response || !response.body;
    $('responseTreeHelp').hidden = !json;
    $('responseViewer').hidden = !response || (!json && !response.body);
  }

  function visibleItems() {
    return Array.from($('responseTree').querySelectorAll('[role="treeitem"]'))
      .filter((li) => !li.parentElement.closest('[aria-expanded="false"]'));
  }

  function focusItem(li) {
    if (!li) {
      return;
    }
    $('responseTree').querySelectorAll('[role="treeitem"][tabindex="0"]').forEach((x) => {
      x.tabIndex = -1;
    });
    li.tabIndex = 0;
    li.focus();
  }

  function toggle(li, open) {
    if (li.hasAttribute('aria-expanded')) {
      li.setAttribute('aria-expanded', String(open));
    }
  }

  $('responseTree').addEventListener('keydown', (e) => {
    const li = e.target.closest('[role="treeitem"]');
    if (!li || e.target !== li) {
      return;
    }
    const items = visibleItems();
    const i = items.indexOf(li);
    const expanded = li.getAttribute('aria-expanded');
    let handled = true;
    if (e.key === 'ArrowDown') {
      focusItem(items[i + 1]);
    } else if (e.key === 'ArrowUp') {
      focusItem(items[i - 1]);
    } else if (e.key === 'Home') {
      focusItem(items[0]);
    } else if (e.key === 'End') {
      focusItem(items[items.length - 1]);
    } else if (e.key === 'ArrowRight') {
      if (expanded === 'false') {
        toggle(li, true);
      } else if (expanded === 'true') {
        focusItem(li.querySelector('[role="treeitem"]'));
      }
    } else if (e.key === 'ArrowLeft') {
      if (expanded === 'true') {
        toggle(li, false);
      } else {
        focusItem(li.parentElement.closest('[role="treeitem"]'));
      }
    } else if (e.key === 'Enter' || e.key === ' ') {
      if (li.classList.contains('tree-leaf')) {
        openMenu(li);
      } else {
        toggle(li, expanded !== 'true');
      }
    } else {
      handled = false;
    }
    if (handled) {
      e.preventDefault();
    }
  });

  $('responseTree').addEventListener('click', (e) => {
    if (e.target.closest('.map-menu')) {
      return;
    }
    const li = e.target.closest('[role="treeitem"]');
    if (!li) {
      return;
    }
    focusItem(li);
    if (li.classList.contains('tree-leaf')) {
      openMenu(li);
    } else {
      toggle(li, li.getAttribute('aria-expanded') !== 'true');
    }
  });

  // The menu sits inside the chosen value's item, so it shows where the eye already is.
  let menu = null;

  function closeMenu(refocus) {
    if (!menu) {
      return;
    }
    const owner = menu.parentElement;
    menu.remove();
    menu = null;
    if (refocus && owner) {
      focusItem(owner);
    }
  }

  function menuChoices(segs) {
    const path = pathText(segs);
    const choices = [
      { label: 'Use as coupon code', field: 'mappingCode', path: path },
      { label: 'Use as expiry', field: 'mappingExpiry', path: path },
      { label: 'Use as error message', field: 'mappingError', path: path },
    ];
    const wild = wildcardPath(lastBody, segs);
    if (wild) {
      const w = pathText(wild);
      choices.push({ label: 'Use as coupon code for every element (' + w + ')', field: 'mappingCode',
        path: w, bulk: true });
      choices.push({ label: 'Use as expiry for every element (' + w + ')', field: 'mappingExpiry',
        path: w });
    }
    return choices;
  }

  const FIELD_NAMES = { mappingCode: 'Coupon code path', mappingExpiry: 'Expiry path',
    mappingError: 'Error message path' };

  function choose(choice, owner) {
    $(choice.field).value = choice.path;
    let said = FIELD_NAMES[choice.field] + ' set to ' + choice.path;
    if (choice.bulk && $('couponType').value !== 'BULK') {
      $('couponType').value = 'BULK';
      said += '; coupons per call set to BULK';
    }
    $('mapStatus').textContent = said + '.';
    closeMenu(false);
    focusItem(owner);
    chosen();
  }

  function openMenu(li) {
    closeMenu(false);
    const segs = JSON.parse(li.dataset.path);
    menu = document.createElement('div');
    menu.className = 'map-menu';
    menu.setAttribute('role', 'menu');
    menu.setAttribute('aria-label', 'Map ' + pathText(segs));
    menuChoices(segs).forEach((choice) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.setAttribute('role', 'menuitem');
      b.tabIndex = -1;
      b.textContent = choice.label;
      b.addEventListener('click', (e) => {
        e.stopPropagation();
        choose(choice, li);
      });
      menu.append(b);
    });
    menu.addEventListener('keydown', (e) => {
      e.stopPropagation();
      const items = Array.from(menu.querySelectorAll('[role="menuitem"]'));
      const i = items.indexOf(document.activeElement);
      if (e.key === 'ArrowDown') {
        items[(i + 1) % items.length].focus();
      } else if (e.key === 'ArrowUp') {
        items[(i - 1 + items.length) % items.length].focus();
      } else if (e.key === 'Home') {
        items[0].focus();
      } else if (e.key === 'End') {
        items[items.length - 1].focus();
      } else if (e.key === 'Escape') {
        closeMenu(true);
      } else if (e.key === 'Tab') {
        closeMenu(true);
        return;
      } else {
        return;
      }
      e.preventDefault();
    });
    li.querySelector('.tree-label').after(menu);
    menu.querySelector('[role="menuitem"]').focus();
  }

  return {
    showBody: showBody,
    /** f() runs after a choice has filled a mapping field. */
    onChoose: (f) => {
      chosen = f;
    },
  };
})();
