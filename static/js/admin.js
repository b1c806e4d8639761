// The admin in Persian digits: counters and messages that Django (and its scripts) write with Latin digits.
// Only these containers are touched; form fields and uploaded text keep their digits.
"use strict";

(function () {
  var PERSIAN = "۰۱۲۳۴۵۶۷۸۹";
  var SELECTOR = ".upload-job-status, .paginator, .action-counter, .messagelist, #changelist-filter, .results-count, #toolbar .small";

  function persianDigits(root) {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement && node.parentElement.closest("input, textarea, select, code, pre")) { continue; }
      var text = node.nodeValue.replace(/[0-9]/g, function (d) { return PERSIAN[+d]; });
      if (text !== node.nodeValue) { node.nodeValue = text; }
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(SELECTOR).forEach(function (el) {
      persianDigits(el);
      // actions.js rewrites the selection counter ("0 از 100 انتخاب شده") on every click.
      new MutationObserver(function () { persianDigits(el); }).observe(el, { childList: true, characterData: true, subtree: true });
    });
  });
})();
