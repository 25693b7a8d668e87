// "Snel weg": leave at once for a neutral site and replace this page in the
// history, so the back button does not return here. Without JavaScript the
// link itself still leaves.
document.addEventListener("DOMContentLoaded", function () {
  var exits = document.querySelectorAll("[data-quick-exit]");
  function leave(event) {
    event.preventDefault();
    document.body.hidden = true;
    window.location.replace(this.href);
  }
  exits.forEach(function (link) {
    link.addEventListener("click", leave);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && exits.length) {
      document.body.hidden = true;
      window.location.replace(exits[0].href);
    }
  });
});
