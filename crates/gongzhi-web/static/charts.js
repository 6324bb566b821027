// gongzhi: draws every chart on a page. Each <div data-chart="ID"> takes its ECharts option from the JSON in
// <script type="application/json" id="ID">, written by the server (numbers only; nothing runs from the data).
(function () {
  'use strict';
  if (!window.echarts) return;
  var charts = [];
  document.querySelectorAll('[data-chart]').forEach(function (el) {
    var source = document.getElementById(el.getAttribute('data-chart'));
    if (!source) return;
    var chart = window.echarts.init(el);
    chart.setOption(JSON.parse(source.textContent));
    el.setAttribute('data-drawn', '1');
    charts.push(chart);
  });
  window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });
})();
