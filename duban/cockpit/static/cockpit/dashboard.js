/* Office dashboards (vendored ECharts): targets vs pace, unit × task heat map, trend. */
(function () {
  "use strict";
  function init(id) {
    var el = document.getElementById(id);
    return el && window.echarts ? echarts.init(el, null, { renderer: "svg" }) : null;
  }
  document.addEventListener("DOMContentLoaded", function () {
    var src = document.getElementById("dashboard-data");
    if (!src) return;
    var d = JSON.parse(src.textContent);
    var charts = [];
    var t = init("targets-chart");
    if (t) {
      t.getDom().style.height = Math.max(160, 26 * d.targets.length + 60) + "px";
      t.resize();
      t.setOption({
        animation: false, tooltip: { trigger: "axis" }, legend: { bottom: 0 },
        grid: { left: 8, right: 16, top: 8, bottom: 32, containLabel: true },
        xAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
        yAxis: { type: "category", inverse: true, data: d.targets.map(function (r) { return r.name; }),
                 axisLabel: { width: 110, overflow: "truncate" } },
        series: [
          { name: "完成", type: "bar", data: d.targets.map(function (r) { return r.achieved === null ? null : Math.min(r.achieved, 100); }), itemStyle: { color: "#1565c0" } },
          { name: "序时", type: "bar", data: d.targets.map(function (r) { return r.expected; }), itemStyle: { color: "#9aa0a6" } }
        ]
      });
      charts.push(t);
    }
    var h = init("heat-chart");
    if (h) {
      h.getDom().style.height = Math.max(160, 22 * d.heat.units.length + 80) + "px";
      h.resize();
      h.setOption({
        animation: false, tooltip: { position: "top" },
        grid: { left: 8, right: 8, top: 8, bottom: 56, containLabel: true },
        xAxis: { type: "category", data: d.heat.tasks, splitArea: { show: true } },
        yAxis: { type: "category", data: d.heat.units, axisLabel: { width: 100, overflow: "truncate" } },
        visualMap: { min: 0, max: 100, calculable: false, orient: "horizontal", left: "center", bottom: 0,
                     inRange: { color: ["#c62828", "#d99a00", "#2e7d32"] } },
        series: [{ type: "heatmap", data: d.heat.cells, label: { show: false } }]
      });
      charts.push(h);
    }
    var r = init("trend-chart");
    if (r) {
      r.setOption({
        animation: false, legend: { bottom: 0 }, tooltip: { trigger: "axis" },
        grid: { left: 32, right: 8, top: 8, bottom: 40 },
        xAxis: { type: "category", data: d.trend.labels, axisLabel: { width: 90, overflow: "truncate" } },
        yAxis: { type: "value", minInterval: 1 },
        series: [
          { name: "按时", type: "bar", stack: "n", data: d.trend.on_time, itemStyle: { color: "#2e7d32" } },
          { name: "逾期报送", type: "bar", stack: "n", data: d.trend.late, itemStyle: { color: "#d99a00" } },
          { name: "未报", type: "bar", stack: "n", data: d.trend.missing, itemStyle: { color: "#c62828" } }
        ]
      });
      charts.push(r);
    }
    window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  });
})();
