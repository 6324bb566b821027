// gongzhi: the district's maps, drawn by the vendored ECharts geo component from /map/district.geojson — no tile
// server. Every <div data-map="MODE"> is one map:
//   district  the streets and communities;
//   cases     and the cases in the JSON block named by data-points ([lon, lat, case no, status, title, overdue]);
//             a click on a case opens it;
//   point     and one point (data-lat, data-lon);
//   pick      a form's place: tapping the map fills the inputs named by data-lat-input and data-lon-input (WGS84,
//             six decimals); typing in the input named by data-address-input places a guess at the address's
//             community until the map is tapped.
(function () {
  'use strict';
  var boxes = document.querySelectorAll('[data-map]');
  if (!boxes.length || !window.echarts || !window.fetch) return;
  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]; });
  }
  function num(v) { var n = parseFloat(v); return isFinite(n) ? n : null; }
  fetch('/map/district.geojson', { credentials: 'same-origin' })
    .then(function (r) { return r.json(); })
    .then(function (geo) {
      window.echarts.registerMap('district', geo);
      boxes.forEach(draw);
    })
    .catch(function () {});

  function base(points, pointStyle) {
    return {
      animation: false,
      tooltip: { trigger: 'item', confine: true },
      geo: {
        map: 'district', roam: true, scaleLimit: { min: 0.8, max: 40 },
        label: { show: false }, itemStyle: { areaColor: '#eef3f8', borderColor: '#8da2b8', borderWidth: 0.6 },
        emphasis: { label: { show: true, fontSize: 11 }, itemStyle: { areaColor: '#dce8f5' } },
        tooltip: { show: true, formatter: function (p) { return esc(p.name); } }
      },
      series: [{
        type: 'scatter', coordinateSystem: 'geo', data: points, symbolSize: pointStyle.size, itemStyle: pointStyle.item,
        tooltip: { formatter: pointStyle.tip }, zlevel: 1
      }]
    };
  }

  function draw(el) {
    var mode = el.getAttribute('data-map');
    var chart = window.echarts.init(el);
    window.addEventListener('resize', function () { chart.resize(); });
    if (mode === 'cases') {
      var source = document.getElementById(el.getAttribute('data-points'));
      var rows = source ? JSON.parse(source.textContent) : [];
      var data = rows.map(function (r) {
        return { value: [r[0], r[1]], no: r[2], status: r[3], title: r[4], itemStyle: r[5] ? { color: '#c0392b' } : { color: '#1f6feb' } };
      });
      chart.setOption(base(data, { size: 7, item: { opacity: 0.85 }, tip: function (p) { return esc(p.data.no) + '<br>' + esc(p.data.title) + '<br>' + esc(p.data.status); } }));
      chart.on('click', function (p) { if (p.seriesType === 'scatter' && p.data && p.data.no) window.location.href = '/staff/cases/' + p.data.no; });
    } else if (mode === 'point') {
      var lat = num(el.getAttribute('data-lat')), lon = num(el.getAttribute('data-lon'));
      var opt = base(lat === null ? [] : [[lon, lat]], { size: 14, item: { color: '#c0392b' }, tip: function () { return ''; } });
      if (lat !== null) { opt.geo.center = [lon, lat]; opt.geo.zoom = 4; }
      chart.setOption(opt);
    } else if (mode === 'pick') {
      var form = el.closest('form') || document;
      var latInput = form.querySelector('[name="' + el.getAttribute('data-lat-input') + '"]');
      var lonInput = form.querySelector('[name="' + el.getAttribute('data-lon-input') + '"]');
      var address = form.querySelector('[name="' + el.getAttribute('data-address-input') + '"]');
      var tapped = false;
      var mark = function (lon, lat, guess) {
        chart.setOption({ series: [{ data: [[lon, lat]], symbolSize: guess ? 10 : 16, itemStyle: { color: guess ? '#e0a100' : '#c0392b' } }] });
      };
      chart.setOption(base([], { size: 16, item: { color: '#c0392b' }, tip: function () { return ''; } }));
      if (latInput && lonInput && num(latInput.value) !== null && num(lonInput.value) !== null) {
        tapped = true;
        mark(num(lonInput.value), num(latInput.value), false);
      }
      chart.getZr().on('click', function (e) {
        var p = chart.convertFromPixel({ geoIndex: 0 }, [e.offsetX, e.offsetY]);
        if (!p || !latInput || !lonInput) return;
        latInput.value = p[1].toFixed(6);
        lonInput.value = p[0].toFixed(6);
        latInput.dispatchEvent(new Event('input', { bubbles: true }));
        tapped = true;
        mark(p[0], p[1], false);
        el.setAttribute('data-picked', '1');
      });
      [latInput, lonInput].forEach(function (input) {
        if (input) input.addEventListener('change', function () {
          var la = num(latInput.value), lo = num(lonInput.value);
          if (la !== null && lo !== null) { tapped = true; mark(lo, la, false); }
        });
      });
      if (address) {
        var timer = null;
        address.addEventListener('input', function () {
          clearTimeout(timer);
          timer = setTimeout(function () {
            if (tapped || address.value.length < 2) return;
            fetch('/map/locate?address=' + encodeURIComponent(address.value), { credentials: 'same-origin' })
              .then(function (r) { return r.ok ? r.json() : null; })
              .then(function (g) { if (g && g.found && !tapped) { mark(g.lon, g.lat, true); el.setAttribute('data-guessed', g.community); } })
              .catch(function () {});
          }, 400);
        });
      }
    } else {
      chart.setOption(base([], { size: 0, item: {}, tip: function () { return ''; } }));
    }
    el.setAttribute('data-drawn', '1');
  }
})();
