// Report form: when someone answers "yes, in danger now", bring the 112 box
// into view and mark it. The box is always there, so without JavaScript
// nothing is lost.
document.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("danger-help");
  var choices = document.querySelectorAll("input[name=danger_now]");
  if (!box || !choices.length) {
    return;
  }
  function update() {
    var yes = document.querySelector("input[name=danger_now][value=yes]:checked");
    box.classList.toggle("is-active", Boolean(yes));
    if (yes) {
      box.scrollIntoView({ block: "nearest" });
    }
  }
  choices.forEach(function (choice) {
    choice.addEventListener("change", update);
  });
});
