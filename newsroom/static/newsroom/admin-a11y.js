// Accessible names for the admin's autocompletes (select2): its combobox and search box are
// named after the label of the select they stand for. Run once the admin's own scripts have
// built them, and again for each inline row added.
(function () {
  function nameOf(select) {
    var label = select.id && document.querySelector('label[for="' + select.id + '"]');
    if (label) return label.textContent.replace(/:\s*$/, "").trim();
    return select.name.replace(/^.*-/, "").replace(/_/g, " ");
  }
  function labelAutocompletes() {
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var container = select.nextElementSibling;
      if (!container || !container.classList.contains("select2")) return;
      var name = nameOf(select);
      container.querySelectorAll('[role="combobox"], [role="textbox"], .select2-search__field').forEach(function (element) {
        element.setAttribute("aria-label", name);
      });
    });
  }
  window.addEventListener("load", function () { setTimeout(labelAutocompletes, 0); });
  document.addEventListener("formset:added", function () { setTimeout(labelAutocompletes, 0); });
  document.addEventListener("focusin", function (event) {
    if (event.target.classList && event.target.classList.contains("select2-search__field")) labelAutocompletes();
  });
})();
