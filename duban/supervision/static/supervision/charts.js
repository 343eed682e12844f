/* Small ECharts charts of the supervision pages (the vendored echarts.min.js). */
(function () {
  "use strict";
  function lightChart(root) {
    var el = (root || document).querySelector("#light-chart");
    if (!el || !window.echarts) return;
    var data = JSON.parse(el.dataset.chart);
    var chart = echarts.getInstanceByDom(el) || echarts.init(el, null, { renderer: "svg" });
    chart.setOption({
      animation: false,
      grid: { left: 40, right: 8, top: 8, bottom: 24 },
      xAxis: { type: "category", data: data.map(function (d) { return d.name; }) },
      yAxis: { type: "value", minInterval: 1 },
      series: [{ type: "bar", data: data }]
    });
  }
  function targetCharts() {
    var src = document.getElementById("target-series");
    if (!src || !window.echarts) return;
    var series = JSON.parse(src.textContent);
    document.querySelectorAll(".target-chart").forEach(function (el) {
      var s = series[el.dataset.target];
      if (!s || !s.points.length) return;
      var chart = echarts.init(el, null, { renderer: "svg" });
      var marks = s.target === null ? [] : [{ yAxis: s.target }];
      chart.setOption({
        animation: false,
        grid: { left: 4, right: 4, top: 6, bottom: 6 },
        xAxis: { type: "time", show: false },
        yAxis: { type: "value", show: false, scale: true },
        tooltip: { trigger: "axis" },
        series: [{ type: "line", data: s.points, symbolSize: 4,
                   markLine: { symbol: "none", silent: true, data: marks } }]
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { lightChart(); targetCharts(); });
  document.body.addEventListener("htmx:afterSwap", function (e) { lightChart(e.target); });
})();
