// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll(".js-copy").forEach(function (button) {
    var target = document.getElementById(button.dataset.copyTarget);
    var status = button.parentElement.querySelector(".js-copy-status");
    if (!target || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(target.value).then(
        function () { if (status) status.textContent = "Citation copied."; },
        function () { target.select(); if (status) status.textContent = "Select and copy the text above."; }
      );
    });
  });
  // Filter boxes for an actor, round, process or country: suggestions as you type, from
  // /search/suggest/<source>/ (the value is the slug or code, the label the name).
  // Picking one applies the filter at once.
  document.querySelectorAll(".filters input[data-suggest]").forEach(function (input) {
    var list = document.createElement("datalist");
    list.id = input.id + "-suggestions";
    input.insertAdjacentElement("afterend", list);
    input.setAttribute("list", list.id);
    var timer = null, asked = "";
    input.addEventListener("input", function () {
      var term = input.value.trim();
      var picked = Array.prototype.some.call(list.options, function (option) { return option.value === term; });
      if (picked && term) { input.form.requestSubmit(); return; }
      clearTimeout(timer);
      if (term.length < 2 || term === asked) return;
      timer = setTimeout(function () {
        asked = term;
        fetch(input.dataset.suggest + "?term=" + encodeURIComponent(term), { headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) {
            list.replaceChildren.apply(list, data.results.map(function (found) {
              var option = document.createElement("option");
              option.value = found.value;
              option.label = found.label;
              return option;
            }));
          })
          .catch(function () { /* suggestions are a help only: the box still takes a slug */ });
      }, 150);
    });
  });
  // Filter selects apply with the Apply button, not on change: a keyboard user going
  // through a select with the arrow keys would reload the page at each option.
});
