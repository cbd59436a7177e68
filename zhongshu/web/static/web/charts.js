/* 中枢 charts: draws every <figure class="chart"> (the include web/_chart.html) with Apache ECharts.
   The figures come from the figure's JSON data island, the same data the server wrote into its 表格视图
   table; ECharts (served from node_modules as vendor/echarts) is loaded only on a page that has a chart.
   The SVG renderer keeps every label as text: readable by a screen reader, printable, testable. */
(function () {
  "use strict";
  var script = document.currentScript;
  var echartsUrl = script && script.getAttribute("data-echarts");
  var loading = null;
  var PALETTE = ["#8b0000", "#1f5fa8", "#b8860b", "#2e7d32", "#6a1b9a", "#00838f", "#5d4037", "#c2185b"];

  function loadEcharts() {
    if (window.echarts) return Promise.resolve(window.echarts);
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = echartsUrl;
        tag.onload = function () { resolve(window.echarts); };
        tag.onerror = reject;
        document.head.appendChild(tag);
      });
    }
    return loading;
  }

  function figure(value, unit) {
    return value === null || value === undefined ? "—" : String(value) + unit;
  }

  function describe(data) {
    var unit = data.unit || "";
    var parts = data.categories.map(function (name, i) {
      var figures = data.series.map(function (s) {
        return (data.series.length > 1 ? s.name : "") + figure(s.values[i], unit);
      });
      return name + figures.join("、");
    });
    return data.title + "：" + parts.join("；") + "。";
  }

  function option(data) {
    var unit = data.unit || "";
    var label = function (params) { return figure(params.value, unit); };
    var base = {
      animation: false,
      color: data.series.map(function (s, index) { return s.color || PALETTE[index % PALETTE.length]; }),
      // What a screen reader hears: the title, then each category with its figures, as the table view lists them.
      aria: { enabled: true, label: { enabled: true, description: describe(data) } },
      textStyle: { fontFamily: "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif" },
      tooltip: { trigger: "axis", valueFormatter: function (v) { return figure(v, unit); } },
      legend: { show: data.series.length > 1, top: 0 },
    };
    var horizontal = data.kind === "hbar";
    var categoryAxis = { type: "category", data: data.categories, axisLabel: { interval: 0, hideOverlap: !horizontal } };
    var valueAxis = { type: "value", minInterval: unit === "%" ? 0 : 1, max: unit === "%" ? 100 : null, axisLabel: { formatter: "{value}" + unit } };
    if (horizontal) categoryAxis.inverse = true;
    base.grid = { left: 8, right: 48, top: data.series.length > 1 ? 32 : 12, bottom: 8, containLabel: true };
    base.xAxis = horizontal ? valueAxis : categoryAxis;
    base.yAxis = horizontal ? categoryAxis : valueAxis;
    base.series = data.series.map(function (s, index) {
      return {
        type: data.kind === "line" ? "line" : "bar",
        name: s.name,
        data: s.values,
        connectNulls: false,
        barMaxWidth: 28,
        itemStyle: { color: s.color || PALETTE[index % PALETTE.length] },
        label: { show: true, position: horizontal ? "right" : "top", formatter: label },
      };
    });
    return base;
  }

  function draw(echarts, fig) {
    var island = document.getElementById(fig.getAttribute("data-chart"));
    var box = fig.querySelector(".chart-canvas");
    if (!island || !box) return;
    var data = JSON.parse(island.textContent);
    var empty = data.series.every(function (s) { return s.values.every(function (v) { return v === null; }); });
    if (!data.categories.length || empty) {
      // Nothing to draw: say so, and leave the figures to the table view.
      box.classList.add("chart-empty");
      box.textContent = "暂无数据";
      fig.setAttribute("data-drawn", "true");
      return;
    }
    if (data.kind === "hbar") {
      var band = 18 + 16 * data.series.length;  // each category's row grows with its bars
      box.style.height = Math.max(160, band * data.categories.length + (data.series.length > 1 ? 70 : 40)) + "px";
    }
    var chart = echarts.getInstanceByDom(box) || echarts.init(box, null, { renderer: "svg" });
    chart.setOption(option(data), true);
    fig.setAttribute("data-drawn", "true");
  }

  function drawAll(root) {
    var figures = (root || document).querySelectorAll("figure.chart:not([data-drawn])");
    if (!figures.length || !echartsUrl) return;
    loadEcharts().then(function (echarts) {
      figures.forEach(function (fig) { draw(echarts, fig); });
    });
  }

  function resizeAll() {
    if (!window.echarts) return;
    document.querySelectorAll("figure.chart .chart-canvas").forEach(function (box) {
      var chart = window.echarts.getInstanceByDom(box);
      if (chart) chart.resize();
    });
  }

  document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  document.addEventListener("htmx:afterSettle", function (event) { drawAll(event.target); });
  window.addEventListener("resize", resizeAll);
  // On paper the table view is the chart's text: open it.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.chart-table").forEach(function (d) { d.open = true; });
  });
})();
