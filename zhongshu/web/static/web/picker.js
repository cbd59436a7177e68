/* 人员、单位选择器: turns every <select data-picker="people|units" data-picker-url="..."> into a tom-select
 * picker that loads its choices from the endpoint as the person types (name, pinyin or initials: "zzq" finds
 * 曾志强), shows each person with unit and post, groups them by unit, and picks several without Ctrl.
 * The server renders only the chosen options and checks every posted id against the access policy.
 * A unit picker's common groups (各乡镇, 县直各单位) expand to their member units when chosen. */
(function () {
  "use strict";

  function render(data, escape) {
    var where = [data.unit, data.detail].filter(Boolean).join(" ");
    return (
      '<div class="picker-option"><span class="picker-name">' + escape(data.text) + "</span>" +
      (where ? ' <span class="picker-where">' + escape(where) + "</span>" : "") + "</div>"
    );
  }

  function item(kind, data, escape) {
    // A chosen person keeps unit and post beside the name, so two 曾志强 stay apart; a chosen unit shows its
    // short name.
    var where = [data.unit, data.detail].filter(Boolean).join(" ");
    var title = escape([data.text, where].filter(Boolean).join(" "));
    if (kind === "units") return '<div title="' + title + '">' + escape(data.unit || data.text) + "</div>";
    return (
      '<div title="' + title + '">' + escape(data.text) +
      (where ? '<span class="picker-where">（' + escape(where) + "）</span>" : "") + "</div>"
    );
  }

  function expandGroup(picker, value) {
    var group = picker.options[value];
    if (!group || !group.members) return;
    picker.removeItem(value, true);
    group.members.forEach(function (member) {
      if (!picker.options[member.value]) picker.addOption(member);
      picker.addItem(member.value, true);
    });
    picker.refreshOptions(false);
    picker.input.dispatchEvent(new Event("change", { bubbles: true }));
  }

  // A required picker left empty says so in Chinese, whatever the browser's own language.
  function chineseValidity(select) {
    if (!select.required) return;
    var label = select.id && document.querySelector('label[for="' + select.id + '"]');
    var message = "请选择" + (label ? label.textContent.replace(/（.*$/, "").trim() : "");
    var check = function () { select.setCustomValidity(select.value ? "" : message); };
    check();
    select.addEventListener("change", check);
  }

  function init(select) {
    if (select.tomselect || !window.TomSelect) return;
    chineseValidity(select);
    var kind = select.getAttribute("data-picker");
    var url = select.getAttribute("data-picker-url");
    var multiple = select.multiple;
    var plugins = {};
    if (multiple) plugins.remove_button = { title: "移除" };
    else if (!select.required) plugins.clear_button = { title: "清除" };
    new window.TomSelect(select, {
      dataAttr: "data",  // each chosen <option data-data="{...}">: tom-select reads it from the dataset
      valueField: "value",
      labelField: "text",
      searchField: ["search", "text"],
      optgroupField: "group",
      optgroupValueField: "value",
      optgroupLabelField: "label",
      lockOptgroupOrder: true,
      sortField: [{ field: "$order" }, { field: "$score" }],  // the server's order, not the match score
      maxItems: multiple ? null : 1,
      maxOptions: 200,
      hideSelected: multiple,
      closeAfterSelect: !multiple,
      preload: "focus",
      loadThrottle: 250,
      plugins: plugins,
      shouldLoad: function () { return true; },
      load: function (query, callback) {
        var self = this;
        var address = url + (url.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(query);
        fetch(address, { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (response) {
            if (!response.ok) throw new Error(String(response.status));
            return response.json();
          })
          .then(function (data) {
            // Offer what the server found for this query, in its order (leaders first, by unit): options
            // of earlier queries go (chosen ones stay), so a query asked again is loaded again.
            self.clearOptions();
            self.loadedSearches = {};
            (data.groups || []).forEach(function (group) { self.addOptionGroup(group.value, group); });
            callback(data.results || []);
          })
          .catch(function () { callback(); });
      },
      onItemAdd: function (value) {
        if (String(value).indexOf("group:") === 0) expandGroup(this, value);
      },
      render: {
        option: render,
        item: function (data, escape) { return item(kind, data, escape); },
        optgroup_header: function (data, escape) {
          return '<div class="optgroup-header">' + escape(data.label) + "</div>";
        },
        no_results: function () { return '<div class="no-results">没有找到，请换个姓名、拼音或首字母</div>'; },
        loading: function () { return '<div class="loading">正在查找…</div>'; },
        not_loading: function () { return ""; },
      },
    });
  }

  function initAll(root) {
    (root || document).querySelectorAll("select[data-picker]").forEach(init);
  }

  document.addEventListener("DOMContentLoaded", function () { initAll(document); });
  document.addEventListener("htmx:afterSettle", function (event) { initAll(event.target); });
})();
