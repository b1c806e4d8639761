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

// Name indexes (officials, offices, agencies): the filter box narrows the list as one types.
// The same filter works without script (the form sends ?q= and the server filters).
var PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹", ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩";

// archive.persian.name_key in script: letter variants folded, Latin digits, no spaces or ZWNJ.
function nameKey(text) {
  var folded = text.replace(/[يىئ]/g, "ی").replace(/ك/g, "ک").replace(/[ةۀ]/g, "ه").replace(/[أإٱآ]/g, "ا")
    .replace(/ؤ/g, "و").replace(/[\u0640\u064b-\u065f\u0670\u00ad\u200b\u200d-\u200f\ufeff]/g, "")
    .replace(/[۰-۹٠-٩]/g, function (d) {
      var i = PERSIAN_DIGITS.indexOf(d);
      return String(i >= 0 ? i : ARABIC_DIGITS.indexOf(d));
    });
  return folded.replace(/[\s\u200c]+/g, "");
}

function persianNumber(n) {
  return String(n).replace(/[0-9]/g, function (d) { return PERSIAN_DIGITS[+d]; });
}

document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("input[data-filter-list]").forEach(function (input) {
    var list = document.getElementById(input.dataset.filterList);
    var status = input.form ? input.form.querySelector(".filter-status") : null;
    if (!list) { return; }
    var items = list.querySelectorAll("li[data-key]");
    input.addEventListener("input", function () {
      var key = nameKey(input.value), shown = 0;
      items.forEach(function (li) {
        var match = !key || li.dataset.key.indexOf(key) >= 0;
        li.hidden = !match;
        if (match) { shown += 1; }
      });
      list.querySelectorAll(".letter-group").forEach(function (group) {
        group.hidden = !group.querySelector("li[data-key]:not([hidden])");
      });
      if (status) { status.textContent = persianNumber(shown) + " مورد"; }
    });
  });
});
