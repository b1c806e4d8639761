// Progressive enhancements; every page works without this file.
// Served from static/ (the Content-Security-Policy allows no inline script).
"use strict";

// Copy buttons: <button data-copy-from="element-id" data-copied="message" hidden>.
// The button stays hidden without script; the text it copies is on the page anyway.
function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    return navigator.clipboard.writeText(text);
  }
  // Older browsers and plain-HTTP sites: copy through a selected, off-screen text area.
  return new Promise(function (resolve, reject) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "copy-buffer";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    if (ok) { resolve(); } else { reject(new Error("copy failed")); }
  });
}

document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("button[data-copy-from]").forEach(function (button) {
    var source = document.getElementById(button.dataset.copyFrom);
    if (!source) { return; }
    var status = button.parentElement.querySelector(".copy-status");
    button.hidden = false;
    button.addEventListener("click", function () {
      copyText(source.textContent.trim()).then(function () {
        if (status) { status.textContent = button.dataset.copied; }
      }, function () {
        // Select the text so the reader can copy it by hand.
        var range = document.createRange();
        range.selectNodeContents(source);
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        if (status) { status.textContent = "متن استناد برگزیده شد؛ آن را با Ctrl+C رونوشت کنید."; }
      });
    });
  });
});
