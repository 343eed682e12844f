/* The cockpit's trend chart (vendored ECharts); the table beside it carries the same figures. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var src = document.getElementById("trend-data");
    var el = document.getElementById("trend-chart");
    if (!src || !el || !window.echarts) return;
    var d = JSON.parse(src.textContent);
    var chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption({
      animation: false,
      legend: { bottom: 0 },
      grid: { left: 32, right: 8, top: 8, bottom: 40 },
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: d.labels, axisLabel: { width: 90, overflow: "truncate" } },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        { name: "按时", type: "bar", stack: "n", data: d.on_time, itemStyle: { color: "#2e7d32" } },
        { name: "逾期报送", type: "bar", stack: "n", data: d.late, itemStyle: { color: "#d99a00" } },
        { name: "未报", type: "bar", stack: "n", data: d.missing, itemStyle: { color: "#c62828" } }
      ]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  });
})();
