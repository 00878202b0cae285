// The portal's only script (served from the app: the CSP allows no inline script).
// Buttons with data-confirm ask before submitting; sort and page links need no script.
"use strict";
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-confirm]");
  if (button && !window.confirm(button.getAttribute("data-confirm"))) {
    event.preventDefault();
  }
});
