// gongzhi: the little scripting pages need, no libraries. Pages work without it.
(function () {
  'use strict';
  // "Use my location" on the request form: fills the WGS84 latitude and longitude the browser reports.
  var locate = document.getElementById('locate');
  if (locate && navigator.geolocation) {
    locate.hidden = false;
    locate.addEventListener('click', function () {
      navigator.geolocation.getCurrentPosition(function (pos) {
        document.getElementById('lat').value = pos.coords.latitude.toFixed(6);
        document.getElementById('lon').value = pos.coords.longitude.toFixed(6);
      });
    });
  }
  // Report deadlines count down on the whistle pages: each <time data-due="epoch ms"> shows minutes left (or over).
  var dues = document.querySelectorAll('[data-due]');
  function tick() {
    var now = Date.now();
    dues.forEach(function (el) {
      var left = Math.round((Number(el.getAttribute('data-due')) - now) / 60000);
      var over = el.getAttribute('data-over') || 'over';
      var unit = el.getAttribute('data-unit') || 'min';
      el.textContent = left >= 0 ? left + ' ' + unit : over + ' ' + (-left) + ' ' + unit;
      el.classList.toggle('warn', left < 0);
    });
  }
  if (dues.length) {
    tick();
    setInterval(tick, 30000);
  }
})();

// The printable agreement: a button that prints (the page prints cleanly without it too).
(function () {
  var button = document.getElementById('print-button');
  if (!button) return;
  button.hidden = false;
  button.addEventListener('click', function () { window.print(); });
})();
// Category suggestions: the intake page asks for them again as the operator types; a suggestion's button fills in
// the category select it belongs to (intake or routing).
(function () {
  document.addEventListener('click', function (e) {
    var button = e.target.closest && e.target.closest('button.suggestion');
    if (!button) return;
    var box = button.closest('[data-target]');
    var select = box && document.getElementById(box.getAttribute('data-target'));
    if (select) { select.value = button.getAttribute('data-category'); select.dispatchEvent(new Event('change')); select.focus(); }
  });
  var form = document.getElementById('intake-form');
  if (!form || !document.getElementById('category-suggestions')) return;
  var timer = null;
  var asked = 0;
  function refresh() {
    var params = new URLSearchParams();
    ['title', 'description', 'address', 'lat', 'lon'].forEach(function (name) {
      var field = form.elements[name];
      if (field && field.value) params.set(name, field.value);
    });
    var mine = ++asked;
    fetch('/staff/suggest?' + params.toString(), { credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        var box = document.getElementById('category-suggestions');
        if (html !== null && mine === asked && box) box.outerHTML = html;
      })
      .catch(function () {});
  }
  ['title', 'description', 'address', 'lat', 'lon'].forEach(function (name) {
    var field = form.elements[name];
    if (field) field.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(refresh, 350); });
  });
})();
// Caller lookup at intake: as the caller's number is typed, their earlier and open cases appear beside it.
(function () {
  var form = document.getElementById('intake-form');
  if (!form || !form.elements.phone || !document.getElementById('caller-cases')) return;
  var timer = null;
  var asked = 0;
  form.elements.phone.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var mine = ++asked;
      fetch('/staff/caller?phone=' + encodeURIComponent(form.elements.phone.value), { credentials: 'same-origin' })
        .then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) {
          var box = document.getElementById('caller-cases');
          if (html !== null && mine === asked && box) box.outerHTML = html;
        })
        .catch(function () {});
    }, 300);
  });
})();
// Bulk actions on a list: a box ticks every row, and the bar says how many are ticked.
(function () {
  var form = document.getElementById('bulk');
  if (!form) return;
  var all = document.getElementById('bulk-all');
  var count = document.getElementById('bulk-count');
  function boxes() { return document.querySelectorAll('input[name="case_no"][form="bulk"]'); }
  function update() {
    var n = 0;
    boxes().forEach(function (b) { if (b.checked) n++; });
    if (count) count.textContent = n ? '(' + n + ')' : '';
  }
  if (all) all.addEventListener('change', function () { boxes().forEach(function (b) { b.checked = all.checked; }); update(); });
  document.addEventListener('change', function (e) { if (e.target.getAttribute && e.target.getAttribute('form') === 'bulk') update(); });
})();
// The unread badge: the header asks for the count when the page opens and every 30 seconds (10 on the inbox), so
// new notices show without reloading (and the tab's title says how many). On the inbox, a changed count brings the
// new notices into the list in place.
(function () {
  var badge = document.getElementById('unread-badge');
  if (!badge || !window.fetch) return;
  var title = document.title;
  var list = document.getElementById('notices');
  var last = null;
  function redrawInbox() {
    fetch(window.location.pathname + window.location.search, { credentials: 'same-origin', cache: 'no-store' })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (!html) return;
        var fresh = new DOMParser().parseFromString(html, 'text/html');
        ['notices', 'inbox-unread'].forEach(function (id) {
          var from = fresh.getElementById(id), to = document.getElementById(id);
          if (from && to) to.innerHTML = from.innerHTML;
        });
      })
      .catch(function () {});
  }
  function refresh() {
    fetch('/staff/unread', { credentials: 'same-origin', cache: 'no-store' })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (body) {
        if (!body) return;
        var n = body.unread || 0;
        badge.textContent = n > 99 ? '99+' : String(n);
        badge.hidden = n === 0;
        badge.setAttribute('aria-label', n + ' ' + (badge.getAttribute('data-label') || ''));
        document.title = n ? '(' + n + ') ' + title : title;
        if (list && last !== null && n !== last) redrawInbox();
        last = n;
      })
      .catch(function () {});
  }
  refresh();
  setInterval(refresh, list ? 10000 : 30000);
})();
// Canned replies: choosing one puts its words in the reply box to edit (without scripts the link reloads the page
// with them filled in).
(function () {
  document.addEventListener('click', function (e) {
    var link = e.target.closest && e.target.closest('a.canned-reply');
    var box = document.getElementById('reply-text');
    if (!link || !box) return;
    e.preventDefault();
    box.value = link.getAttribute('data-text');
    box.focus();
  });
})();
