// 选用 in the conflict check (meetings/_conflicts.html): fill the form's start and end with the slot and
// check again. Loaded with each fragment; registers its one listener once.
(function () {
  if (window.zhongshuSlotPicker) return;
  window.zhongshuSlotPicker = true;
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-slot-start]");
    if (!button) return;
    var form = button.closest("form") || document;
    var starts = form.querySelector("[name=starts_at]");
    var ends = form.querySelector("[name=ends_at]");
    if (!starts || !ends) return;
    starts.value = button.getAttribute("data-slot-start");
    ends.value = button.getAttribute("data-slot-end");
    starts.dispatchEvent(new Event("change", { bubbles: true }));
  });
})();
