// The article form's banner: "Use the body's words" puts the body's wording into the quote's text box.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("button.use-body-words").forEach(function (button) {
    var target = document.getElementById(button.dataset.target);
    if (!target) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      target.value = button.dataset.text;
      button.textContent = "Done: save to keep it";
      button.disabled = true;
      target.focus();
    });
  });
});
